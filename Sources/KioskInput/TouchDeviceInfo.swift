/// The kernel's `input_absinfo` for one absolute axis.
public struct AxisRange: Hashable, Sendable {
    public var minimum: Int32
    public var maximum: Int32
    public var fuzz: Int32
    public var flat: Int32
    /// Units per millimetre (0 when the driver does not say).
    public var resolution: Int32

    public init(minimum: Int32, maximum: Int32, fuzz: Int32 = 0, flat: Int32 = 0, resolution: Int32 = 0) {
        self.minimum = minimum
        self.maximum = maximum
        self.fuzz = fuzz
        self.flat = flat
        self.resolution = resolution
    }

    /// Position within the range as 0...1; a degenerate range (max <= min) cannot locate anything, so it reads as 0.
    func normalised(_ value: Int32) -> Double {
        guard maximum > minimum else { return 0 }
        return (Double(value) - Double(minimum)) / (Double(maximum) - Double(minimum))
    }

    func raw(fromNormalised fraction: Double) -> Int32 {
        guard maximum > minimum, fraction.isFinite else { return minimum }
        let value = (Double(minimum) + fraction * (Double(maximum) - Double(minimum))).rounded()
        return Int32(min(max(value, Double(minimum)), Double(maximum)))
    }
}

/// How a device reports touches: slots with tracking ids (B), anonymous contact lists per frame (A),
/// or a single pointer with BTN_TOUCH.
public enum TouchProtocol: String, Sendable {
    case multitouchB, multitouchA, singleTouch
}

/// The `I:` line of an evemu description; kept so a written recording describes the same hardware.
public struct DeviceIdentity: Hashable, Sendable {
    public var busType: UInt16
    public var vendor: UInt16
    public var product: UInt16
    public var version: UInt16

    public init(busType: UInt16 = 0, vendor: UInt16 = 0, product: UInt16 = 0, version: UInt16 = 0) {
        self.busType = busType
        self.vendor = vendor
        self.product = product
        self.version = version
    }
}

/// What a touch device can report, from libevdev or from an evemu description.
public struct TouchDeviceInfo: Hashable, Sendable {
    public var name: String
    /// Keyed by ABS_* code.
    public var axes: [UInt16: AxisRange]
    /// INPUT_PROP_* numbers.
    public var properties: Set<UInt16>
    /// EV_KEY codes the device can send (BTN_TOUCH, BTN_TOOL_FINGER, ...).
    public var keys: Set<UInt16>
    public var identity: DeviceIdentity

    public init(name: String, axes: [UInt16: AxisRange] = [:], properties: Set<UInt16> = [], keys: Set<UInt16> = [],
                identity: DeviceIdentity = DeviceIdentity()) {
        self.name = name
        self.axes = axes
        self.properties = properties
        self.keys = keys
        self.identity = identity
    }

    /// Derived from the axes the way the kernel and libevdev decide it: slots mean protocol B, MT positions without
    /// slots mean protocol A. A device that also exposes ABS_MT_SLOT - 1 is libevdev's "fake multitouch" (its ABS_MT_*
    /// bits are really other axes), so it is read as single-touch.
    public var touchProtocol: TouchProtocol {
        if axes[AbsCode.mtReservedBeforeSlot] != nil { return .singleTouch }
        let hasMTPosition = axes[AbsCode.mtPositionX] != nil && axes[AbsCode.mtPositionY] != nil
        guard hasMTPosition else { return .singleTouch }
        return axes[AbsCode.mtSlot] != nil ? .multitouchB : .multitouchA
    }

    /// The range of the X values the pipeline maps: the MT position axis for multitouch devices, else ABS_X.
    public var xRange: AxisRange? {
        touchProtocol == .singleTouch ? axes[AbsCode.x] : axes[AbsCode.mtPositionX]
    }

    public var yRange: AxisRange? {
        touchProtocol == .singleTouch ? axes[AbsCode.y] : axes[AbsCode.mtPositionY]
    }
}
