import Foundation
import Testing
@testable import KioskInput

/// The recordings of real touchscreens, replayed through the whole pipeline. Each device is mapped onto a screen
/// the size of its own pixel grid where its axes are pixels (Atmel 800x480, EP0430M09 1280x768, QUANTA 1920x1080).
@Suite struct FixtureTests {
    static let atmelScreen = TouchMapping(screenWidth: 800, screenHeight: 480)
    static let epScreen = TouchMapping(screenWidth: 1280, screenHeight: 768)
    static let fullHD = TouchMapping(screenWidth: 1920, screenHeight: 1080)

    @Test(arguments: Fixtures.eventFileNames)
    func everyRecordingParsesCompletely(name: String) throws {
        let recording = try Fixtures.load(name)
        #expect(recording.events.count == (try Fixtures.eLineCount(name)))
        #expect(name.hasPrefix(recording.device.name + "."))
        #expect(recording.device.xRange != nil && recording.device.yRange != nil)
    }

    @Test func fixturesAreAllThere() {
        #expect(Fixtures.eventFileNames.count == 8)
    }

    @Test func protocolsAreDerivedFromTheAxes() throws {
        #expect(try Fixtures.load("Atmel maXTouch Touchscreen.1-finger-fast-taps.events").device.touchProtocol == .multitouchB)
        #expect(try Fixtures.load("ELAN CANDO Windows7.1-finger-drag-up-down.events").device.touchProtocol == .multitouchB)
        #expect(try Fixtures.load("EP0430M09.2-fingers-touch-release.events").device.touchProtocol == .multitouchB)
        #expect(try Fixtures.load("N-Trig MultiTouch.1-finger-drag-NW-SE.events").device.touchProtocol == .multitouchA)
        #expect(try Fixtures.load("QUANTA OpticalTouchScreen.touch-on-left.events").device.touchProtocol == .multitouchB)
    }

    @Test func headerlessRecordingTakesItsSiblingDescription() throws {
        let recording = try Fixtures.load("N-Trig MultiTouch.1-finger-drag-NW-SE.events")
        #expect(recording.device.name == "N-Trig MultiTouch")
        #expect(recording.device.identity == DeviceIdentity(busType: 0x3, vendor: 0x1b96, product: 0x1, version: 0))
        #expect(recording.device.xRange == AxisRange(minimum: 0, maximum: 9600))
        #expect(recording.device.keys == [0x14a, 0x14d])
        #expect(recording.device.properties.isEmpty)
    }

    @Test func fullHeaderIsRead() throws {
        let device = try Fixtures.load("Atmel maXTouch Touchscreen.1-finger-fast-taps.events").device
        #expect(device.properties == [1])
        #expect(device.keys == [0x14a])
        #expect(device.identity.busType == 0x18)
        #expect(Set(device.axes.keys) == [0x00, 0x01, 0x2f, 0x35, 0x36, 0x37, 0x39, 0x3b])
        #expect(device.axes[0x37] == AxisRange(minimum: 0, maximum: 2))
        #expect(device.xRange == AxisRange(minimum: 0, maximum: 799))
    }

    /// Nine touches (tracking ids 3 to 11), each a down frame and an up frame 80-110 ms later without movement.
    @Test func atmelFastTapsAreNineTaps() throws {
        let recording = try Fixtures.load("Atmel maXTouch Touchscreen.1-finger-fast-taps.events")
        let gestures = taps(in: recording, mapping: Self.atmelScreen)
        #expect(gestures.count == 9)
        #expect(gestures.allSatisfy { $0.kind == .tap })
        // The first touch is at raw 340,242 on a 0...799 x 0...479 panel, i.e. pixel 340,242.
        #expect(abs(gestures[0].x - 340) < 0.5 && abs(gestures[0].y - 242) < 0.5)
        #expect(abs(gestures[0].time - 0.095573) < 1e-9)
        #expect(gestures.map(\.time) == gestures.map(\.time).sorted())
    }

    /// The first finger (slot 0, raw 539,167) comes down, a second joins and both leave after 0.82 s; the first
    /// moved about 13 px, so the press is one tap where the first finger was, and the second finger adds nothing.
    @Test func atmelTwoFingersAreOneTapOfTheFirstFinger() throws {
        let recording = try Fixtures.load("Atmel maXTouch Touchscreen.2-fingers-touch-release.events")
        let gestures = taps(in: recording, mapping: Self.atmelScreen)
        #expect(gestures.count == 1)
        let tap = try #require(gestures.first)
        #expect(abs(tap.x - 538) < 0.5 && abs(tap.y - 176) < 0.5)
        #expect(abs(tap.time - 0.824236) < 1e-9)
    }

    /// The first finger (raw 404,409) lifts at 0.51 s while the second (933,414) is still down; the legacy ABS_X
    /// then jumps to the second finger, which must not drag the first finger's tap along.
    @Test func epTwoFingersAreOneTapOfTheFirstFinger() throws {
        let recording = try Fixtures.load("EP0430M09.2-fingers-touch-release.events")
        let gestures = taps(in: recording, mapping: Self.epScreen)
        #expect(gestures.count == 1)
        let tap = try #require(gestures.first)
        #expect(abs(tap.x - 401) < 0.5 && abs(tap.y - 410) < 0.5)
        #expect(abs(tap.time - 0.513464) < 1e-9)
    }

    @Test(arguments: [
        "Atmel maXTouch Touchscreen.1-finger-drag-up-down.events",
        "ELAN CANDO Windows7.1-finger-drag-up-down.events",
        "EP0430M09.1-finger-drag-up-down.events",
        "N-Trig MultiTouch.1-finger-drag-NW-SE.events",
    ])
    func dragsAreNotTaps(name: String) throws {
        let recording = try Fixtures.load(name)
        #expect(taps(in: recording, mapping: Self.fullHD).isEmpty)
        // Even on a tiny screen (where the slop covers more of the panel) these drags are far beyond it.
        #expect(taps(in: recording, mapping: TouchMapping(screenWidth: 320, screenHeight: 240)).isEmpty)
    }

    /// The EP0430M09 drag lasts 1.43 s, inside the tap duration, so only the slop rejects it.
    @Test func epDragIsRejectedByTheSlopNotTheClock() throws {
        let recording = try Fixtures.load("EP0430M09.1-finger-drag-up-down.events")
        #expect(taps(in: recording, mapping: Self.epScreen).isEmpty)
        #expect(taps(in: recording, mapping: Self.epScreen, tapSlop: 10_000).count == 1)
    }

    /// One finger on the left (raw 127,444 of 1920x1080) held 0.93 s while the optical panel lets it creep down
    /// to 116,504: 61 px on a 1920x1080 screen. That is a press a person meant as a touch on the left, but it drifts
    /// beyond the default 40 px slop, so it becomes a tap only with a slop suited to such a panel.
    @Test func quantaTouchOnLeftIsATapOnTheLeft() throws {
        let recording = try Fixtures.load("QUANTA OpticalTouchScreen.touch-on-left.events")
        let gestures = taps(in: recording, mapping: Self.fullHD, tapSlop: 80)
        #expect(gestures.count == 1)
        let tap = try #require(gestures.first)
        #expect(tap.x < 1920 / 4)
        #expect(abs(tap.y - 504) < 1)
        #expect(taps(in: recording, mapping: Self.fullHD).isEmpty, "61 px of drift exceeds the default 40 px slop")
    }
}
