import CenterServer
import Foundation
import KioskContent
import KioskCore
import KioskDaemon
import KioskInput
import KioskScreen
import KioskTestSupport
import Testing

/// The walking skeleton end to end: an evemu recording of taps goes through the touch pipeline, the
/// session, the screen, the printer (a private cupsd) and the uplink (a real center on loopback).
@Suite(.serialized) struct HeadlessReplayTests {
    @Test func replayedTapsWalkTheFlowPrintTheSlipAndReachTheCenter() async throws {
        let work = try Paths.temporaryDirectory()
        let cups = try TestCups.get()
        // A queue of its own: the printing tests disable and reject the shared one while they run.
        let queue = "kioskd-replay-\(UUID().uuidString.prefix(8).lowercased())"
        let output = try cups.addQueue(queue)

        let centerDatabase = "sqlite:" + work.appendingPathComponent("center.sqlite").path
        let center = try await Center.start(CenterConfiguration(database: centerDatabase, host: "127.0.0.1", port: 0))
        defer { Task { await center.stop() } }
        let secret = try await Center.addKiosk(id: "test-kiosk", database: centerDatabase)
        let credential = work.appendingPathComponent("credential").path
        try secret.write(toFile: credential, atomically: true, encoding: .utf8)

        // Tap the flow's tile, then 工厂… → 已经不干了 → 不到一年, then print and finish.
        let content = try ContentLoader.load(directory: Paths.content)
        let points = try Walkthrough.tapPoints(content: content, flowID: "unpaid-wages", choices: [2, 2, 1],
                                               then: [.printSlip, .finish], theme: .standard, width: 1080, height: 1920)
        let device = try EvemuRecording.load(path: Paths.fixtures + "/Atmel maXTouch Touchscreen.1-finger-fast-taps.events").device
        let recording = work.appendingPathComponent("walk.events").path
        try EvemuWriter.tapRecording(device: device, mapping: TouchMapping(
            screenWidth: 1080, screenHeight: 1920, rotation: .none, flipX: false, flipY: false, calibration: nil),
            taps: points).write(toFile: recording, atomically: true, encoding: .utf8)

        let config = work.appendingPathComponent("kiosk.yaml").path
        try """
            kiosk: {id: test-kiosk}
            state_dir: state
            display: {width: 1080, height: 1920}
            printer: {queue: \(queue), server: "\(cups.server)", paper: 80mm}
            center: {url: "http://127.0.0.1:\(center.port)", public_url: "https://legal.example.gov.cn", credential_file: credential}
            content: {source: "\(Paths.content)"}
            """.write(toFile: config, atomically: true, encoding: .utf8)

        let frames = work.appendingPathComponent("frames").path
        try await Daemon.run(DaemonOptions(configPath: config, display: "png:" + frames, input: "evemu:" + recording,
                                           exitWhenDone: true))

        // Every tap landed on a button: a pressed frame and a new screen for each, one redraw when the print
        // finished, and the first frame.
        let written = try FileManager.default.contentsOfDirectory(atPath: frames).filter { $0.hasSuffix(".png") }.sorted()
        #expect(written.count == 1 + 2 * points.count + 1)
        func frame(_ n: Int) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: frames + String(format: "/frame-%04d.png", n))) }
        // Each answer changed what was shown, and finishing came back to the home screen.
        #expect(try Set([frame(1), frame(3), frame(5), frame(7), frame(9)]).count == 5)
        #expect(try frame(written.count) == frame(1))

        // The slip went through CUPS: the queue's file device got a PDF.
        let printed = try Data(contentsOf: URL(fileURLWithPath: output))
        #expect(printed.range(of: Data("%PDF-".utf8)) != nil)

        // The visit reached the center exactly once, with its outcome and slip.
        let stats = try await Center.stats(database: centerDatabase)
        let wages = try #require(stats.flows.first { $0.flow == "unpaid-wages" })
        #expect(wages.visits == 1)
        #expect(wages.outcomes == 1)
        #expect(wages.slips == 1)
        await center.stop()
    }

    @Test func aBrokenConfigStopsTheDaemonWithFileLineAndField() async throws {
        let work = try Paths.temporaryDirectory()
        let config = work.appendingPathComponent("kiosk.yaml").path
        try "kiosk: {id: k}\nprinter:\n  paper: 100mm\n".write(toFile: config, atomically: true, encoding: .utf8)
        let error = try await #require(throws: DaemonError.self) {
            try await Daemon.run(DaemonOptions(configPath: config, display: "png:" + work.path, input: "evemu:/dev/null",
                                               exitWhenDone: true))
        }
        #expect(error.message.contains("\(config):3:"))
        #expect(error.message.contains("printer.paper"))
        #expect(error.exitCode == 78)
    }
}
