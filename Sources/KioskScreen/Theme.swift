import KioskGraphics

/// Colours and sizes of one look. Sizes are in pixels for a 1080-pixel-wide short side and scale with the
/// screen, so the same theme works on a 10-inch landscape kiosk and a 32-inch portrait one.
public struct Theme: Sendable {
    public var name: String
    public var background: Color
    public var text: Color
    public var secondaryText: Color
    public var headerBackground: Color
    public var headerText: Color
    public var choiceBackground: Color
    public var choiceBorder: Color
    public var choiceText: Color
    public var pressedBackground: Color
    public var pressedText: Color
    public var primaryBackground: Color
    public var primaryText: Color
    public var disabledBackground: Color
    public var disabledText: Color
    public var statusBackground: Color
    public var statusText: Color
    /// Multiplies every text size; elder mode is at least 1.5.
    public var textScale: Double
    /// Multiplies button heights.
    public var targetScale: Double

    public static let standard = Theme(
        name: "standard", background: Color(hex: 0xF7F9FC), text: Color(hex: 0x1A1A1A), secondaryText: Color(hex: 0x4A4A4A),
        headerBackground: Color(hex: 0x1F4E79), headerText: .white, choiceBackground: .white,
        choiceBorder: Color(hex: 0x1F4E79), choiceText: Color(hex: 0x102A43), pressedBackground: Color(hex: 0x1F4E79),
        pressedText: .white, primaryBackground: Color(hex: 0xB3261E), primaryText: .white,
        disabledBackground: Color(hex: 0xE0E0E0), disabledText: Color(hex: 0x595959), statusBackground: Color(hex: 0xFFF4CE),
        statusText: Color(hex: 0x3D2E00), textScale: 1, targetScale: 1)

    public static let elder: Theme = {
        var theme = Theme.standard
        theme.name = "elder"
        theme.textScale = 1.5
        theme.targetScale = 1.6
        return theme
    }()

    public static let highContrast = Theme(
        name: "high_contrast", background: .black, text: .white, secondaryText: Color(hex: 0xFFFF00),
        headerBackground: .black, headerText: Color(hex: 0xFFFF00), choiceBackground: .black, choiceBorder: .white,
        choiceText: .white, pressedBackground: Color(hex: 0xFFFF00), pressedText: .black,
        primaryBackground: Color(hex: 0xFFFF00), primaryText: .black, disabledBackground: Color(hex: 0x333333),
        disabledText: Color(hex: 0xDDDDDD), statusBackground: .white, statusText: .black, textScale: 1.2, targetScale: 1.2)

    public static func named(_ name: String) -> Theme? {
        switch name {
        case "standard": .standard
        case "elder": .elder
        case "high_contrast": .highContrast
        default: nil
        }
    }
}
