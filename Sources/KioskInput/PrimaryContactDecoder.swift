struct RawPosition: Hashable, Sendable {
    var x: Int32
    var y: Int32

    /// Some drivers put 0,0 into the frame that lifts the finger; such a release position is noise, not a place.
    var isSuspectReleaseNoise: Bool { x == 0 && y == 0 }
}

/// What happened to the first finger in one frame. `ended` carries the release position only when the driver
/// reported a believable one in that frame.
enum PrimaryContactChange: Equatable, Sendable {
    case began(RawPosition?)
    case moved(RawPosition)
    case ended(RawPosition?)
}

/// Turns the three kernel touch protocols into the life of one contact, the first finger, frame by frame.
struct PrimaryContactDecoder: Sendable {
    private var protocolState: ProtocolState
    /// The first frame after SYN_DROPPED restates device state; contacts found in it began at an unknown time.
    private var resynchronising = false

    private enum ProtocolState: Sendable {
        case slotted(SlottedState)
        case anonymous(AnonymousContactsState)
        case single(SingleTouchState)
    }

    init(device: TouchDeviceInfo) {
        switch device.touchProtocol {
        case .multitouchB:
            let highestSlot = device.axes[AbsCode.mtSlot]?.maximum ?? 0
            // Real panels have at most a few dozen slots; the cap keeps a bogus axis range from costing memory.
            protocolState = .slotted(SlottedState(slotCount: Int(min(max(highestSlot, 0), 63)) + 1))
        case .multitouchA:
            protocolState = .anonymous(AnonymousContactsState())
        case .singleTouch:
            let touchKey = device.keys.contains(KeyCode.buttonTouch) || !device.keys.contains(KeyCode.buttonToolFinger)
                ? KeyCode.buttonTouch : KeyCode.buttonToolFinger
            protocolState = .single(SingleTouchState(touchKey: touchKey))
        }
    }

    mutating func beginResynchronisation() {
        resynchronising = true
    }

    mutating func reset() {
        switch protocolState {
        case .slotted(var state): state.forgetPrimary(); protocolState = .slotted(state)
        case .anonymous(var state): state.forgetPrimary(); protocolState = .anonymous(state)
        case .single(var state): state.forgetPrimary(); protocolState = .single(state)
        }
    }

    mutating func feed(_ event: RawInputEvent) -> [PrimaryContactChange] {
        let endsFrame = event.type == EventType.syn && event.code == SynCode.report
        var changes: [PrimaryContactChange] = []
        switch protocolState {
        case .slotted(var state):
            if endsFrame { changes = state.endFrame(resynchronising: resynchronising) } else { state.apply(event) }
            protocolState = .slotted(state)
        case .anonymous(var state):
            if endsFrame { changes = state.endFrame(resynchronising: resynchronising) } else { state.apply(event) }
            protocolState = .anonymous(state)
        case .single(var state):
            if endsFrame { changes = state.endFrame(resynchronising: resynchronising) } else { state.apply(event) }
            protocolState = .single(state)
        }
        if endsFrame { resynchronising = false }
        return changes
    }
}

/// Protocol B: the kernel keeps per-slot state and only sends changes, so positions persist across frames.
private struct SlottedState: Sendable {
    struct Slot: Sendable {
        var trackingID: Int32 = -1
        var x: Int32?
        var y: Int32?
    }

    var slots: [Slot]
    /// nil while the device addresses a slot outside the advertised range; such events are dropped.
    var currentSlot: Int? = 0
    var primarySlot: Int?
    var primaryEndedInFrame = false
    var primaryMovedInFrame = false
    var primaryReleasePosition: RawPosition?
    var slotsBegunInFrame: [Int] = []

    init(slotCount: Int) {
        slots = Array(repeating: Slot(), count: slotCount)
    }

    mutating func forgetPrimary() {
        primarySlot = nil
        primaryEndedInFrame = false
        primaryMovedInFrame = false
        primaryReleasePosition = nil
        slotsBegunInFrame = []
    }

    mutating func apply(_ event: RawInputEvent) {
        guard event.type == EventType.abs else { return }
        if event.code == AbsCode.mtSlot {
            currentSlot = event.value >= 0 && Int(event.value) < slots.count ? Int(event.value) : nil
            return
        }
        guard let slot = currentSlot else { return }
        switch event.code {
        case AbsCode.mtTrackingID:
            // The kernel sends a tracking id only when it changes, so any id on the primary's slot ends that contact.
            if slot == primarySlot && !primaryEndedInFrame {
                primaryEndedInFrame = true
                primaryReleasePosition = primaryMovedInFrame ? slots[slot].position : nil
            }
            slots[slot].trackingID = event.value
            if event.value >= 0 {
                if !slotsBegunInFrame.contains(slot) { slotsBegunInFrame.append(slot) }
            } else {
                slotsBegunInFrame.removeAll { $0 == slot }
            }
        case AbsCode.mtPositionX:
            slots[slot].x = event.value
            if slot == primarySlot && !primaryEndedInFrame { primaryMovedInFrame = true }
        case AbsCode.mtPositionY:
            slots[slot].y = event.value
            if slot == primarySlot && !primaryEndedInFrame { primaryMovedInFrame = true }
        default:
            break
        }
    }

    mutating func endFrame(resynchronising: Bool) -> [PrimaryContactChange] {
        var changes: [PrimaryContactChange] = []
        if let primary = primarySlot {
            if primaryEndedInFrame {
                let release = primaryReleasePosition.flatMap { $0.isSuspectReleaseNoise ? nil : $0 }
                changes.append(.ended(release))
                primarySlot = nil
            } else if primaryMovedInFrame, let position = slots[primary].position {
                changes.append(.moved(position))
            }
        }
        if primarySlot == nil && !resynchronising,
           let newPrimary = slotsBegunInFrame.first(where: { slots[$0].trackingID >= 0 }) {
            primarySlot = newPrimary
            changes.append(.began(slots[newPrimary].position))
        }
        primaryEndedInFrame = false
        primaryMovedInFrame = false
        primaryReleasePosition = nil
        slotsBegunInFrame = []
        return changes
    }
}

private extension SlottedState.Slot {
    var position: RawPosition? {
        guard let x, let y else { return nil }
        return RawPosition(x: x, y: y)
    }
}

/// Protocol A: each frame lists every contact anew, without identities; an empty frame means all fingers are up.
/// Without ids the first finger is followed as the contact nearest its last position.
private struct AnonymousContactsState: Sendable {
    var pendingX: Int32?
    var pendingY: Int32?
    var contactsInFrame: [RawPosition] = []
    var primaryPosition: RawPosition?
    var contactsWereDown = false
    /// Set when contacts are down that did not begin under our eyes; cleared by the next all-up frame.
    var ignoreUntilAllUp = false

    mutating func forgetPrimary() {
        primaryPosition = nil
        pendingX = nil
        pendingY = nil
        contactsInFrame = []
        ignoreUntilAllUp = contactsWereDown
    }

    mutating func apply(_ event: RawInputEvent) {
        if event.type == EventType.syn && event.code == SynCode.mtReport {
            finishContact()
            return
        }
        guard event.type == EventType.abs else { return }
        if event.code == AbsCode.mtPositionX { pendingX = event.value }
        if event.code == AbsCode.mtPositionY { pendingY = event.value }
    }

    /// A contact missing either coordinate cannot be placed; the kernel's protocol A always sends both.
    mutating func finishContact() {
        if let pendingX, let pendingY, contactsInFrame.count < 64 {
            contactsInFrame.append(RawPosition(x: pendingX, y: pendingY))
        }
        pendingX = nil
        pendingY = nil
    }

    mutating func endFrame(resynchronising: Bool) -> [PrimaryContactChange] {
        finishContact()
        defer {
            contactsWereDown = !contactsInFrame.isEmpty
            contactsInFrame = []
        }
        guard !contactsInFrame.isEmpty else {
            ignoreUntilAllUp = false
            guard primaryPosition != nil else { return [] }
            primaryPosition = nil
            return [.ended(nil)]
        }
        if let previous = primaryPosition {
            let nearest = contactsInFrame.min { squaredDistance($0, previous) < squaredDistance($1, previous) }!
            primaryPosition = nearest
            return nearest == previous ? [] : [.moved(nearest)]
        }
        if resynchronising || ignoreUntilAllUp || contactsWereDown {
            ignoreUntilAllUp = true
            return []
        }
        primaryPosition = contactsInFrame[0]
        return [.began(contactsInFrame[0])]
    }

    private func squaredDistance(_ a: RawPosition, _ b: RawPosition) -> Double {
        let dx = Double(a.x) - Double(b.x)
        let dy = Double(a.y) - Double(b.y)
        return dx * dx + dy * dy
    }
}

/// Single-touch: BTN_TOUCH says whether the finger is down, ABS_X/ABS_Y where (values persist, changes only).
private struct SingleTouchState: Sendable {
    let touchKey: UInt16
    var x: Int32?
    var y: Int32?
    var primaryActive = false
    var movedInFrame = false
    var pressedInFrame = false
    var releasedInFrame = false
    var releasePosition: RawPosition?

    init(touchKey: UInt16) {
        self.touchKey = touchKey
    }

    var position: RawPosition? {
        guard let x, let y else { return nil }
        return RawPosition(x: x, y: y)
    }

    mutating func forgetPrimary() {
        primaryActive = false
        movedInFrame = false
        pressedInFrame = false
        releasedInFrame = false
        releasePosition = nil
    }

    mutating func apply(_ event: RawInputEvent) {
        switch (event.type, event.code) {
        case (EventType.abs, AbsCode.x):
            x = event.value
            movedInFrame = true
        case (EventType.abs, AbsCode.y):
            y = event.value
            movedInFrame = true
        case (EventType.key, touchKey):
            if event.value == 0 {
                releasedInFrame = true
                pressedInFrame = false
            } else {
                pressedInFrame = true
            }
        default:
            break
        }
    }

    mutating func endFrame(resynchronising: Bool) -> [PrimaryContactChange] {
        var changes: [PrimaryContactChange] = []
        if primaryActive {
            if releasedInFrame {
                // Drivers order the release and the final coordinates either way; both belong to this frame.
                let release = movedInFrame ? position.flatMap { $0.isSuspectReleaseNoise ? nil : $0 } : nil
                changes.append(.ended(release))
                primaryActive = false
            } else if movedInFrame, let position {
                changes.append(.moved(position))
            }
        }
        if !primaryActive && pressedInFrame && !resynchronising {
            primaryActive = true
            changes.append(.began(position))
        }
        movedInFrame = false
        pressedInFrame = false
        releasedInFrame = false
        return changes
    }
}
