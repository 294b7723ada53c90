import Testing
@testable import KioskInput

@Suite struct TouchPipelineTests {
    let screen = TouchMapping(screenWidth: 1001, screenHeight: 1001)  // one pixel per raw unit on the square panel

    @Test func downAndUpDeliveredInOneBatchAreOneTap() {
        var script = EventScript()
        script.frame(at: 1.0, [(evAbs, 0x39, 7), (evAbs, 0x35, 250), (evAbs, 0x36, 750), (evKey, 0x14a, 1)])
        script.frame(at: 1.05, [(evAbs, 0x39, -1), (evKey, 0x14a, 0)])
        var pipeline = TouchPipeline(device: squarePanel(.multitouchB), mapping: screen)
        let gestures = script.events.flatMap { pipeline.feed($0) }
        #expect(gestures == [Gesture(kind: .tap, x: 250, y: 750, time: 1.05)])
        #expect(!pipeline.isTouching)
    }

    @Test(arguments: [TouchProtocol.multitouchB, .singleTouch])
    func releaseAtZeroZeroDoesNotMoveTheTap(touchProtocol: TouchProtocol) {
        var script = EventScript()
        switch touchProtocol {
        case .multitouchB:
            script.frame(at: 1.0, [(evAbs, 0x39, 1), (evAbs, 0x35, 600), (evAbs, 0x36, 300)])
            script.frame(at: 1.02, [(evAbs, 0x35, 605)])
            script.frame(at: 1.1, [(evAbs, 0x35, 0), (evAbs, 0x36, 0), (evAbs, 0x39, -1)])
        default:
            script.frame(at: 1.0, [(evAbs, 0x00, 600), (evAbs, 0x01, 300), (evKey, 0x14a, 1)])
            script.frame(at: 1.02, [(evAbs, 0x00, 605)])
            script.frame(at: 1.1, [(evKey, 0x14a, 0), (evAbs, 0x00, 0), (evAbs, 0x01, 0)])
        }
        var pipeline = TouchPipeline(device: squarePanel(touchProtocol), mapping: screen)
        let gestures = script.events.flatMap { pipeline.feed($0) }
        #expect(gestures == [Gesture(kind: .tap, x: 605, y: 300, time: 1.1)])
    }

    @Test func aTrustworthyReleasePositionCounts() {
        var script = EventScript()
        script.frame(at: 1.0, [(evAbs, 0x00, 600), (evAbs, 0x01, 300), (evKey, 0x14a, 1)])
        script.frame(at: 1.1, [(evAbs, 0x00, 610), (evKey, 0x14a, 0)])
        var pipeline = TouchPipeline(device: squarePanel(.singleTouch), mapping: screen)
        #expect(script.events.flatMap { pipeline.feed($0) } == [Gesture(kind: .tap, x: 610, y: 300, time: 1.1)])
    }

    @Test func aLongPressIsNotATap() {
        var script = EventScript()
        script.frame(at: 1.0, [(evAbs, 0x39, 1), (evAbs, 0x35, 500), (evAbs, 0x36, 500)])
        script.frame(at: 2.6, [(evAbs, 0x39, -1)])
        var pipeline = TouchPipeline(device: squarePanel(.multitouchB), mapping: screen)
        #expect(script.events.flatMap { pipeline.feed($0) }.isEmpty)
    }

    /// Moving away and coming back is a drag, even though it ends where it started.
    @Test func excursionBeyondSlopIsNotATapEvenIfItReturns() {
        var script = EventScript()
        script.frame(at: 1.0, [(evAbs, 0x39, 1), (evAbs, 0x35, 500), (evAbs, 0x36, 500)])
        script.frame(at: 1.1, [(evAbs, 0x35, 560)])
        script.frame(at: 1.2, [(evAbs, 0x35, 500)])
        script.frame(at: 1.3, [(evAbs, 0x39, -1)])
        var pipeline = TouchPipeline(device: squarePanel(.multitouchB), mapping: screen)
        #expect(script.events.flatMap { pipeline.feed($0) }.isEmpty)
        var small = EventScript()
        small.frame(at: 1.0, [(evAbs, 0x39, 2), (evAbs, 0x35, 500), (evAbs, 0x36, 500)])
        small.frame(at: 1.1, [(evAbs, 0x35, 530)])
        small.frame(at: 1.3, [(evAbs, 0x39, -1)])
        #expect(small.events.flatMap { pipeline.feed($0) }.count == 1)
    }

    /// A second finger that joins and leaves does not end or move the first; a finger that comes down while the
    /// first is still on the screen never becomes the first, even after the first lifts.
    @Test func onlyTheFirstFingerCounts() {
        var script = EventScript()
        script.frame(at: 1.0, [(evAbs, 0x2f, 0), (evAbs, 0x39, 10), (evAbs, 0x35, 100), (evAbs, 0x36, 100)])
        script.frame(at: 1.1, [(evAbs, 0x2f, 1), (evAbs, 0x39, 11), (evAbs, 0x35, 900), (evAbs, 0x36, 900)])
        script.frame(at: 1.2, [(evAbs, 0x2f, 0), (evAbs, 0x39, -1)])
        script.frame(at: 1.3, [(evAbs, 0x2f, 1), (evAbs, 0x35, 905)])
        script.frame(at: 1.4, [(evAbs, 0x39, -1)])
        var pipeline = TouchPipeline(device: squarePanel(.multitouchB), mapping: screen)
        #expect(script.events.flatMap { pipeline.feed($0) } == [Gesture(kind: .tap, x: 100, y: 100, time: 1.2)])
    }

    /// Protocol A has no ids: the first finger is followed as the nearest contact, and lifts with the last one.
    @Test func protocolAFollowsTheFirstContact() {
        var script = EventScript()
        script.frame(at: 1.0, [(evAbs, 0x35, 200), (evAbs, 0x36, 200), (evSyn, 2, 0), (evKey, 0x14a, 1)])
        script.frame(at: 1.1, [(evAbs, 0x35, 800), (evAbs, 0x36, 800), (evSyn, 2, 0),
                               (evAbs, 0x35, 205), (evAbs, 0x36, 200), (evSyn, 2, 0)])
        script.frame(at: 1.2, [(evAbs, 0x35, 210), (evAbs, 0x36, 200), (evSyn, 2, 0)])
        script.frame(at: 1.3, [(evSyn, 2, 0), (evKey, 0x14a, 0)])
        var pipeline = TouchPipeline(device: squarePanel(.multitouchA), mapping: screen)
        #expect(script.events.flatMap { pipeline.feed($0) } == [Gesture(kind: .tap, x: 210, y: 200, time: 1.3)])
    }

    @Test(arguments: [TouchProtocol.multitouchB, .multitouchA, .singleTouch])
    func resetLeavesNoTouchDown(touchProtocol: TouchProtocol) {
        var pipeline = TouchPipeline(device: squarePanel(touchProtocol), mapping: screen)
        let down = pressFrame(touchProtocol, id: 1, x: 300, y: 300, time: 1.0)
        let up = releaseFrame(touchProtocol, time: 1.1)
        for event in down { _ = pipeline.feed(event) }
        #expect(pipeline.isTouching)
        pipeline.reset()
        #expect(!pipeline.isTouching)
        #expect(up.flatMap { pipeline.feed($0) }.isEmpty, "a touch forgotten by reset must not complete as a tap")
        let again = pressFrame(touchProtocol, id: 2, x: 700, y: 700, time: 2.0) + releaseFrame(touchProtocol, time: 2.1)
        #expect(again.flatMap { pipeline.feed($0) } == [Gesture(kind: .tap, x: 700, y: 700, time: 2.1)])
    }

    /// After SYN_DROPPED libevdev restates the current state; a finger found down then began at an unknown time,
    /// so its release is no tap, and the next touch works normally.
    @Test(arguments: [TouchProtocol.multitouchB, .multitouchA, .singleTouch])
    func synDroppedMidTouchProducesNoTapAndRecovers(touchProtocol: TouchProtocol) {
        var pipeline = TouchPipeline(device: squarePanel(touchProtocol), mapping: screen)
        var events = pressFrame(touchProtocol, id: 1, x: 300, y: 300, time: 1.0)
        events.append(RawInputEvent(time: 1.2, type: evSyn, code: 3, value: 0))
        events += pressFrame(touchProtocol, id: 2, x: 500, y: 500, time: 1.2)  // the restated state
        events += releaseFrame(touchProtocol, time: 1.3)
        #expect(events.flatMap { pipeline.feed($0) }.isEmpty)
        #expect(!pipeline.isTouching)
        let next = pressFrame(touchProtocol, id: 3, x: 100, y: 900, time: 2.0) + releaseFrame(touchProtocol, time: 2.1)
        #expect(next.flatMap { pipeline.feed($0) } == [Gesture(kind: .tap, x: 100, y: 900, time: 2.1)])
    }

    @Test func garbageEventsNeverCrashThePipeline() {
        var generator = SplitMix64(seed: 42)
        for touchProtocol in [TouchProtocol.multitouchB, .multitouchA, .singleTouch] {
            var pipeline = TouchPipeline(device: squarePanel(touchProtocol), mapping: screen)
            for index in 0..<20_000 {
                let type = UInt16(generator.next() % 4)
                let code = [0x00, 0x01, 0x02, 0x03, 0x2f, 0x35, 0x36, 0x39, 0x14a, 0xffff][Int(generator.next() % 10)]
                let value = Int32(truncatingIfNeeded: generator.next())
                let event = RawInputEvent(time: Double(index) / 100, type: type, code: UInt16(code),
                                          value: generator.next() % 3 == 0 ? value : value % 1200)
                for gesture in pipeline.feed(event) {
                    #expect(gesture.x >= 0 && gesture.x <= 1000 && gesture.y >= 0 && gesture.y <= 1000)
                }
            }
            pipeline.reset()
            #expect(!pipeline.isTouching)
        }
    }

    private func pressFrame(_ touchProtocol: TouchProtocol, id: Int32, x: Int32, y: Int32, time: Double) -> [RawInputEvent] {
        var script = EventScript()
        switch touchProtocol {
        case .multitouchB:
            script.frame(at: time, [(evAbs, 0x2f, 0), (evAbs, 0x39, id), (evAbs, 0x35, x), (evAbs, 0x36, y), (evKey, 0x14a, 1)])
        case .multitouchA:
            script.frame(at: time, [(evAbs, 0x35, x), (evAbs, 0x36, y), (evSyn, 2, 0), (evKey, 0x14a, 1)])
        case .singleTouch:
            script.frame(at: time, [(evAbs, 0x00, x), (evAbs, 0x01, y), (evKey, 0x14a, 1)])
        }
        return script.events
    }

    private func releaseFrame(_ touchProtocol: TouchProtocol, time: Double) -> [RawInputEvent] {
        var script = EventScript()
        switch touchProtocol {
        case .multitouchB: script.frame(at: time, [(evAbs, 0x2f, 0), (evAbs, 0x39, -1), (evKey, 0x14a, 0)])
        case .multitouchA: script.frame(at: time, [(evKey, 0x14a, 0)])
        case .singleTouch: script.frame(at: time, [(evKey, 0x14a, 0)])
        }
        return script.events
    }
}

/// Deterministic, so a failure reproduces.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
