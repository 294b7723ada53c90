import Foundation
@testable import KioskInput

enum Fixtures {
    /// Tests/KioskInputTests/<file> -> package root -> ../shared/fixtures/evemu
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/fixtures/evemu").standardizedFileURL

    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    static func load(_ name: String) throws -> EvemuRecording {
        try EvemuRecording.load(path: path(name))
    }

    static var eventFileNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".events") }.sorted()
    }

    static func eLineCount(_ name: String) throws -> Int {
        try String(contentsOfFile: path(name), encoding: .utf8)
            .split(separator: "\n").filter { $0.hasPrefix("E:") }.count
    }
}

func taps(in recording: EvemuRecording, mapping: TouchMapping, tapSlop: Double = 40) -> [Gesture] {
    var pipeline = TouchPipeline(device: recording.device, mapping: mapping, tapSlop: tapSlop)
    return recording.events.flatMap { pipeline.feed($0) }
}

/// A square panel, 0...1000 on both axes, for arithmetic that is easy to check by hand.
func squarePanel(_ touchProtocol: TouchProtocol) -> TouchDeviceInfo {
    let range = AxisRange(minimum: 0, maximum: 1000)
    switch touchProtocol {
    case .multitouchB:
        return TouchDeviceInfo(name: "test B", axes: [0x00: range, 0x01: range, 0x2f: AxisRange(minimum: 0, maximum: 9),
                                                      0x35: range, 0x36: range, 0x39: AxisRange(minimum: 0, maximum: 65535)],
                               properties: [1], keys: [0x14a])
    case .multitouchA:
        return TouchDeviceInfo(name: "test A", axes: [0x00: range, 0x01: range, 0x35: range, 0x36: range],
                               properties: [], keys: [0x14a])
    case .singleTouch:
        return TouchDeviceInfo(name: "test single", axes: [0x00: range, 0x01: range], properties: [1], keys: [0x14a])
    }
}

/// Builds event sequences frame by frame: `frame(at:) { ... }` ends each with SYN_REPORT.
struct EventScript {
    private(set) var events: [RawInputEvent] = []

    mutating func frame(at time: Double, _ body: [(UInt16, UInt16, Int32)]) {
        for (type, code, value) in body {
            events.append(RawInputEvent(time: time, type: type, code: code, value: value))
        }
        events.append(RawInputEvent(time: time, type: 0, code: 0, value: 0))
    }
}

let evAbs: UInt16 = 3
let evKey: UInt16 = 1
let evSyn: UInt16 = 0
