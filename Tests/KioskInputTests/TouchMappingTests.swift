import Testing
@testable import KioskInput

@Suite struct TouchMappingTests {
    let panel = squarePanel(.singleTouch)  // 0...1000 on both axes
    let screen = TouchMapping(screenWidth: 1001, screenHeight: 501)

    private func mapped(_ mapping: TouchMapping, _ x: Int32, _ y: Int32) -> [Double] {
        let point = mapping.map(rawX: x, rawY: y, device: panel)
        return [point.x, point.y]
    }

    @Test func plainMappingScalesByTheAxisRange() {
        #expect(mapped(screen, 0, 0) == [0, 0])
        #expect(mapped(screen, 1000, 1000) == [1000, 500])
        #expect(mapped(screen, 250, 500) == [250, 250])
    }

    @Test func axisMinimumIsHonoured() {
        let offsetPanel = TouchDeviceInfo(name: "offset", axes: [0x00: AxisRange(minimum: 100, maximum: 1100),
                                                                 0x01: AxisRange(minimum: -500, maximum: 500)],
                                          keys: [0x14a])
        let point = screen.map(rawX: 600, rawY: 0, device: offsetPanel)
        #expect(point.x == 500 && point.y == 250)
    }

    /// Qt evdevtouch's convention: with the panel turned a quarter clockwise, the panel's top-left is the
    /// screen's top-right and the panel's x runs down the screen.
    @Test func quarterRotation() {
        let rotated = TouchMapping(screenWidth: 1001, screenHeight: 501, rotation: .quarter)
        #expect(mapped(rotated, 0, 0) == [1000, 0])
        #expect(mapped(rotated, 1000, 0) == [1000, 500])
        #expect(mapped(rotated, 0, 1000) == [0, 0])
        #expect(mapped(rotated, 1000, 1000) == [0, 500])
    }

    @Test func halfAndThreeQuarterRotation() {
        #expect(mapped(TouchMapping(screenWidth: 1001, screenHeight: 501, rotation: .half), 0, 0) == [1000, 500])
        #expect(mapped(TouchMapping(screenWidth: 1001, screenHeight: 501, rotation: .threeQuarters), 0, 0) == [0, 500])
    }

    @Test func flips() {
        let flippedX = TouchMapping(screenWidth: 1001, screenHeight: 501, flipX: true)
        let flippedY = TouchMapping(screenWidth: 1001, screenHeight: 501, flipY: true)
        #expect(mapped(flippedX, 0, 0) == [1000, 0])
        #expect(mapped(flippedX, 250, 1000) == [750, 500])
        #expect(mapped(flippedY, 0, 0) == [0, 500])
        #expect(mapped(flippedY, 250, 1000) == [250, 0])
        // Flips apply on the screen after rotation: a quarter turn plus flipX is a transpose.
        let transposed = TouchMapping(screenWidth: 1001, screenHeight: 1001, rotation: .quarter, flipX: true)
        #expect(mapped(transposed, 200, 700) == [700, 200])
    }

    @Test func calibrationIsAnAffineMapOnNormalisedCoordinates() {
        let shifted = TouchMapping(screenWidth: 1001, screenHeight: 501, calibration: [0.5, 0, 0.25, 0, 1, 0])
        let point = mapped(shifted, 1000, 500)
        #expect(abs(point[0] - 750) < 1e-9 && abs(point[1] - 250) < 1e-9)
        let wrongLength = TouchMapping(screenWidth: 1001, screenHeight: 501, calibration: [2, 0, 0])
        #expect(mapped(wrongLength, 250, 500) == [250, 250], "a damaged calibration falls back to the plain mapping")
    }

    @Test func offScreenResultsAreClampedToTheEdge() {
        let pushed = TouchMapping(screenWidth: 1001, screenHeight: 501, calibration: [1, 0, 0.1, 0, 1, -0.1])
        #expect(mapped(pushed, 1000, 0) == [1000, 0])
    }

    @Test(arguments: [ScreenRotation.none, .quarter, .half, .threeQuarters])
    func unmapInvertsMap(rotation: ScreenRotation) {
        for (flipX, flipY) in [(false, false), (true, false), (false, true), (true, true)] {
            for calibration in [nil, [0.98, 0.01, 0.01, -0.02, 1.01, 0.005]] as [[Double]?] {
                let mapping = TouchMapping(screenWidth: 1080, screenHeight: 1920, rotation: rotation,
                                           flipX: flipX, flipY: flipY, calibration: calibration)
                for (x, y) in [(10.0, 20.0), (540, 960), (1000, 1800), (300, 1500)] {
                    let raw = mapping.unmap(x: x, y: y, device: panel)
                    let back = mapping.map(rawX: raw.rawX, rawY: raw.rawY, device: panel)
                    #expect(abs(back.x - x) <= 2 && abs(back.y - y) <= 2,
                            "\(rotation) flipX \(flipX) flipY \(flipY) calibrated \(calibration != nil): \(x),\(y) -> \(back)")
                }
            }
        }
    }

    @Test func deviceWithoutPositionAxesMapsToOrigin() {
        let buttons = TouchDeviceInfo(name: "buttons", keys: [0x14a])
        let point = screen.map(rawX: 5, rawY: 5, device: buttons)
        #expect(point.x == 0 && point.y == 0)
    }
}
