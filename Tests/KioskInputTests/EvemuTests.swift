import Foundation
import Testing
@testable import KioskInput

@Suite struct EvemuTests {
    static let atmelHeaderless = "Atmel maXTouch Touchscreen.1-finger-fast-taps.events"

    @Test func writerTapsRoundTripOnTheAtmelPanelAtKioskResolution() throws {
        let device = try Fixtures.load(Self.atmelHeaderless).device
        let mapping = TouchMapping(screenWidth: 1080, screenHeight: 1920)
        let points: [(x: Double, y: Double)] = [(540, 960), (0, 0), (1079, 1919), (100, 1800), (900, 150), (541, 962)]
        let text = EvemuWriter.tapRecording(device: device, mapping: mapping, taps: points)
        let recording = try EvemuRecording.parse(text, file: "written.events")
        #expect(recording.device == device)
        let gestures = taps(in: recording, mapping: mapping)
        try #require(gestures.count == points.count)
        for (gesture, point) in zip(gestures, points) {
            #expect(abs(gesture.x - point.x) <= 2 && abs(gesture.y - point.y) <= 2, "\(point) came back as \(gesture)")
        }
        for (gesture, expected) in zip(gestures, [1.08, 1.58, 2.08, 2.58, 3.08, 3.58]) {
            #expect(abs(gesture.time - expected) < 1e-9)
        }
    }

    @Test(arguments: [
        "N-Trig MultiTouch.1-finger-drag-NW-SE.events",
        "QUANTA OpticalTouchScreen.touch-on-left.events",
        "ELAN CANDO Windows7.1-finger-drag-up-down.events",
    ])
    func writerRoundTripsOnOtherPanelsWithRotation(name: String) throws {
        let device = try Fixtures.load(name).device
        let mapping = TouchMapping(screenWidth: 1080, screenHeight: 1920, rotation: .quarter, flipY: true)
        let points: [(x: Double, y: Double)] = [(100, 100), (980, 1820), (540, 960)]
        let recording = try EvemuRecording.parse(
            EvemuWriter.tapRecording(device: device, mapping: mapping, taps: points, startTime: 5, interval: 2),
            file: "written.events")
        #expect(recording.device == device)
        let gestures = taps(in: recording, mapping: mapping)
        try #require(gestures.count == points.count)
        for (gesture, point) in zip(gestures, points) {
            #expect(abs(gesture.x - point.x) <= 2 && abs(gesture.y - point.y) <= 2)
        }
    }

    @Test func writerRoundTripsOnASingleTouchPanel() throws {
        let device = squarePanel(.singleTouch)
        let mapping = TouchMapping(screenWidth: 800, screenHeight: 600, rotation: .half)
        let recording = try EvemuRecording.parse(
            EvemuWriter.tapRecording(device: device, mapping: mapping, taps: [(10, 20), (790, 590)]), file: "w")
        let gestures = taps(in: recording, mapping: mapping)
        #expect(gestures.count == 2)
        #expect(abs(gestures[0].x - 10) <= 2 && abs(gestures[0].y - 20) <= 2)
    }

    /// The header is byte-for-byte the layout of a real evemu 1.3 recording of the same device.
    @Test func headerMatchesEvemuLayout() throws {
        let path = Fixtures.path(Self.atmelHeaderless)
        let original = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") && !$0.hasPrefix("E:") }.map(String.init)
        let device = try Fixtures.load(Self.atmelHeaderless).device
        let written = EvemuWriter.header(for: device).split(separator: "\n")
            .filter { !$0.hasPrefix("#") }.map(String.init)
        #expect(written == original)
    }

    @Test func eventLinesUseEvemuNumberFormats() {
        #expect(EvemuWriter.eventLine(RawInputEvent(time: 0.095573, type: 3, code: 0x39, value: -1))
            == "E: 0.095573 0003 0039 -001")
        #expect(EvemuWriter.eventLine(RawInputEvent(time: 1350644061.191558, type: 3, code: 0x35, value: 127))
            == "E: 1350644061.191558 0003 0035 0127")
        #expect(EvemuWriter.eventLine(RawInputEvent(time: 2.9999999, type: 0, code: 0, value: 0)) == "E: 3.000000 0000 0000 0000")
    }

    @Test func timestampsAreExact() throws {
        let recording = try Fixtures.load("QUANTA OpticalTouchScreen.touch-on-left.events")
        #expect(recording.events.first == RawInputEvent(time: 1350644061.191558, type: 3, code: 0x39, value: 41))
    }

    static let minimalHeader = """
        N: Test Panel
        I: 0003 0001 0002 0003
        P: 02 00 00 00 00 00 00 00
        B: 01 00 00 00 00 00 00 00 00
        A: 00 0 100 0 0 0
        A: 01 0 100 0 0 0
        """

    @Test(arguments: [
        (minimalHeader + "\nE: 0.1 0003 0000 zz", 7, "value \"zz\""),
        (minimalHeader + "\nE: 0.1 0003 0000", 7, "needs <sec>.<usec>"),
        (minimalHeader + "\nE: 0.1 0003 0000 12\nE: abc 0003 0000 1", 8, "timestamp \"abc\""),
        (minimalHeader + "\nE: 0.1 0003 10000 12", 7, "event code \"10000\""),
        (minimalHeader + "\nE: 0.1 0040 0000 12", 7, "event type \"0040\""),
        (minimalHeader + "\nE: 0.1 0003 0000 99999999999", 7, "not a 32-bit"),
        (minimalHeader + "\nQ: what", 7, "unknown record Q:"),
        (minimalHeader + "\nthis is not evemu", 7, "expected an evemu record"),
        (minimalHeader + "\nA: 02 0 100 0", 7, "A: needs"),
        (minimalHeader + "\nA: 01 0 100 0 0 0", 7, "second A: line"),
        (minimalHeader + "\nA: 40 0 100 0 0 0", 7, "ABS_* code"),
        (minimalHeader + "\nA: 02 10 5 0 0 0", 7, "above maximum"),
        (minimalHeader + "\nB: 03 00 zz", 7, "hex byte"),
        (minimalHeader + "\nB: 03 00 00 00 00 00 00 00 00 00", 7, "1 to 8 hex bytes"),
        (minimalHeader + "\nP: 00 00 00 00 01", 7, "beyond INPUT_PROP_MAX"),
        (minimalHeader + "\nI: 0003 0001", 7, "I: needs 4"),
        (minimalHeader + "\nN: Second Name", 7, "second N:"),
        (minimalHeader + "\nE: 0.1 0003 0000 12\nA: 02 0 1 0 0 0", 8, "after the first E: line"),
        ("I: 0003 0001 0002 0003\nE: 0.1 0003 0000 12", 1, "no N: line"),
        ("", 1, "no N: line"),
    ])
    func malformedRecordingsNameTheLine(text: String, line: Int, fragment: String) {
        do {
            _ = try EvemuRecording.parse(text, file: "bad.events")
            Issue.record("parsed without error")
        } catch {
            #expect(error.file == "bad.events")
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(fragment), "\(error)")
            #expect(error.description.hasPrefix("bad.events:\(line): "))
        }
    }

    @Test func descriptionAndEventsAreCheckedSeparately() {
        #expect(throws: EvemuError.self) {
            try EvemuRecording.parse(description: Self.minimalHeader + "\nE: 0.1 0000 0000 0", events: "",
                                     descriptionFile: "d.desc", eventsFile: "e.events")
        }
        do {
            _ = try EvemuRecording.parse(description: Self.minimalHeader, events: "# fine\nE: 0.1 0000 0000 0\nN: late",
                                         descriptionFile: "d.desc", eventsFile: "e.events")
            Issue.record("parsed without error")
        } catch {
            #expect(error.file == "e.events" && error.line == 3)
        }
    }

    @Test func oldFormatAxisLinesWithoutResolutionAndCRLFAreAccepted() throws {
        let text = "N: Old\r\nI: 0003 0000 0000 0000\r\nA: 00 0 50 1 2\r\nA: 01 0 60 0 0\r\nL: 00 1\r\n\r\n"
            + "E: 1.000001 0003 0000 0025\t# EV_ABS / ABS_X 25\r\n"
        let recording = try EvemuRecording.parse(text, file: "old.events")
        #expect(recording.device.axes[0] == AxisRange(minimum: 0, maximum: 50, fuzz: 1, flat: 2, resolution: 0))
        #expect(recording.events == [RawInputEvent(time: 1.000001, type: 3, code: 0, value: 25)])
    }

    @Test func garbageNeverCrashesTheReader() {
        var generator = SplitMix64(seed: 7)
        let alphabet = Array("NIPBAELS: #0123456789abcdefxz-.\t\n\r\u{0}é中")
        let header = Self.minimalHeader + "\n"
        for round in 0..<2_000 {
            var text = round.isMultiple(of: 2) ? header : ""
            for _ in 0..<Int(generator.next() % 200) {
                text.append(alphabet[Int(generator.next() % UInt64(alphabet.count))])
            }
            do {
                _ = try EvemuRecording.parse(text, file: "fuzz")
            } catch {
                #expect(error.line >= 1 && error.file == "fuzz")
            }
        }
    }

    @Test func loadReportsAMissingDescription() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kioskinput-\(UInt32.random(in: .min ... .max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("Nowhere Panel.some-gesture.events").path
        try "E: 0.1 0000 0000 0\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try EvemuRecording.load(path: path)
            Issue.record("loaded without a description")
        } catch let error as EvemuError {
            #expect(error.file == path)
            #expect(error.message.contains("Nowhere Panel.desc"))
        }
    }
}
