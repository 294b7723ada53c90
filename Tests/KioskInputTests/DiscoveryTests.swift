import Foundation
import Testing
@testable import KioskInput

@Suite struct DiscoveryTests {
    @Test(arguments: Fixtures.eventFileNames)
    func everyFixtureDeviceIsATouchscreen(name: String) throws {
        let (isTouchscreen, reason) = TouchscreenDiscovery.isTouchscreen(try Fixtures.load(name).device)
        #expect(isTouchscreen, "\(reason)")
    }

    @Test func propertyLessDriverIsRecognisedByItsAxesAndBTNTouch() throws {
        let nTrig = try Fixtures.load("N-Trig MultiTouch.1-finger-drag-NW-SE.events").device
        let (isTouchscreen, reason) = TouchscreenDiscovery.isTouchscreen(nTrig)
        #expect(isTouchscreen)
        #expect(reason.contains("BTN_TOUCH") && reason.contains("multitouchA"))
        let atmel = try Fixtures.load("Atmel maXTouch Touchscreen.1-finger-fast-taps.events").device
        #expect(TouchscreenDiscovery.isTouchscreen(atmel).1.contains("INPUT_PROP_DIRECT"))
    }

    @Test func touchpadsMiceAndKeyboardsAreNot() {
        let range = AxisRange(minimum: 0, maximum: 1000)
        let touchpad = TouchDeviceInfo(name: "SynPS/2 Synaptics TouchPad", axes: [0: range, 1: range],
                                       properties: [0], keys: [0x110, 0x14a, 0x145])
        let clicklessTouchpad = TouchDeviceInfo(name: "pad", axes: [0: range, 1: range], properties: [0], keys: [0x14a])
        let keyboard = TouchDeviceInfo(name: "AT Translated Set 2 keyboard", keys: [1, 2, 3])
        let tablet = TouchDeviceInfo(name: "pen", axes: [0: range, 1: range], keys: [0x140])
        let buttonsOnly = TouchDeviceInfo(name: "direct buttons", properties: [1], keys: [0x100])
        #expect(TouchscreenDiscovery.isTouchscreen(touchpad) == (false, "has BTN_LEFT/BTN_RIGHT (a touchpad or mouse)"))
        #expect(TouchscreenDiscovery.isTouchscreen(clicklessTouchpad).0 == false)
        #expect(TouchscreenDiscovery.isTouchscreen(keyboard) == (false, "no absolute X/Y axes"))
        #expect(TouchscreenDiscovery.isTouchscreen(tablet).0 == false)
        #expect(TouchscreenDiscovery.isTouchscreen(buttonsOnly).0 == false)
    }

    @Test func scanExplainsNodesItCannotInspect() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kioskinput-scan-\(UInt32.random(in: .min ... .max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["event10", "event2", "mouse0", "eventX"] {
            try "not a device".write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let found = TouchscreenDiscovery.scan(directory: directory.path)
        #expect(found.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["event2", "event10"])
        #expect(found.allSatisfy { !$0.isTouchscreen && $0.reason.contains("cannot inspect") })
        #expect(TouchscreenDiscovery.scan(directory: directory.appendingPathComponent("missing").path).isEmpty)
    }

    @Test func openingErrorsNameThePathAndTheReason() {
        do {
            _ = try EvdevTouchDevice(path: "/nonexistent/event7")
            Issue.record("opened a missing device")
        } catch let error as EvdevError {
            #expect(error.description.hasPrefix("/nonexistent/event7: open: No such file or directory"))
            #expect(!error.isDeviceGone)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// A regular file opens but is no evdev node: libevdev's ioctls fail, and the error says so.
    @Test func nonEvdevFilesAreRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kioskinput-\(UInt32.random(in: .min ... .max))").path
        try "x".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: EvdevError.self) { try EvdevTouchDevice(path: path, grab: false) }
    }
}
