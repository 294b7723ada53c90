/// How the touch panel is mounted relative to the picture, clockwise, in the sense of Qt's evdevtouch `rotate=`.
public enum ScreenRotation: Int, Sendable {
    case none = 0, quarter = 90, half = 180, threeQuarters = 270
}

/// From raw panel coordinates to screen pixels: normalise by the device's axis ranges, rotate, flip,
/// apply the calibration (tslib-style affine matrix on normalised coordinates), then scale to pixels.
public struct TouchMapping: Hashable, Sendable {
    public var screenWidth: Int
    public var screenHeight: Int
    public var rotation: ScreenRotation
    public var flipX: Bool
    public var flipY: Bool
    /// a, b, c, d, e, f with x' = a*x + b*y + c and y' = d*x + e*y + f on normalised (0...1) coordinates.
    /// Anything but six finite numbers is ignored, so a damaged calibration degrades to the plain mapping
    /// rather than sending every touch off the screen.
    public var calibration: [Double]?

    public init(screenWidth: Int, screenHeight: Int, rotation: ScreenRotation = .none, flipX: Bool = false,
                flipY: Bool = false, calibration: [Double]? = nil) {
        self.screenWidth = screenWidth
        self.screenHeight = screenHeight
        self.rotation = rotation
        self.flipX = flipX
        self.flipY = flipY
        self.calibration = calibration
    }

    /// Screen pixels, clamped to the screen: a calibrated edge touch that lands a little outside is still meant
    /// for the edge.
    public func map(rawX: Int32, rawY: Int32, device: TouchDeviceInfo) -> (x: Double, y: Double) {
        guard let xRange = device.xRange, let yRange = device.yRange else { return (0, 0) }
        let normalised = mapNormalised(x: xRange.normalised(rawX), y: yRange.normalised(rawY))
        let x = min(max(normalised.x, 0), 1) * Double(max(screenWidth - 1, 0))
        let y = min(max(normalised.y, 0), 1) * Double(max(screenHeight - 1, 0))
        return (x, y)
    }

    /// The raw panel coordinates that `map` sends to the given screen point (within rounding).
    public func unmap(x: Double, y: Double, device: TouchDeviceInfo) -> (rawX: Int32, rawY: Int32) {
        guard let xRange = device.xRange, let yRange = device.yRange else { return (0, 0) }
        let panel = panelFraction(x: x, y: y)
        return (xRange.raw(fromNormalised: panel.x), yRange.raw(fromNormalised: panel.y))
    }

    /// Screen pixels back to 0...1 panel coordinates (before any axis range), the inverse of `mapNormalised`.
    func panelFraction(x: Double, y: Double) -> (x: Double, y: Double) {
        let width = Double(max(screenWidth - 1, 1))
        let height = Double(max(screenHeight - 1, 1))
        var point = (x: x / width, y: y / height)
        if let matrix = validCalibration {
            let determinant = matrix[0] * matrix[4] - matrix[1] * matrix[3]
            if determinant != 0 {
                let dx = point.x - matrix[2]
                let dy = point.y - matrix[5]
                point = ((matrix[4] * dx - matrix[1] * dy) / determinant, (matrix[0] * dy - matrix[3] * dx) / determinant)
            }
        }
        if flipX { point.x = 1 - point.x }
        if flipY { point.y = 1 - point.y }
        switch rotation {
        case .none: return point
        case .quarter: return (point.y, 1 - point.x)
        case .half: return (1 - point.x, 1 - point.y)
        case .threeQuarters: return (1 - point.y, point.x)
        }
    }

    func mapNormalised(x: Double, y: Double) -> (x: Double, y: Double) {
        var point: (x: Double, y: Double)
        switch rotation {
        case .none: point = (x, y)
        case .quarter: point = (1 - y, x)
        case .half: point = (1 - x, 1 - y)
        case .threeQuarters: point = (y, 1 - x)
        }
        if flipX { point.x = 1 - point.x }
        if flipY { point.y = 1 - point.y }
        if let matrix = validCalibration {
            point = (matrix[0] * point.x + matrix[1] * point.y + matrix[2],
                     matrix[3] * point.x + matrix[4] * point.y + matrix[5])
        }
        return point
    }

    private var validCalibration: [Double]? {
        guard let calibration, calibration.count == 6, calibration.allSatisfy(\.isFinite) else { return nil }
        return calibration
    }
}
