import Foundation

public struct Color: Hashable, Sendable {
    public var red: Double
    public var green: Double
    public var blue: Double
    public var alpha: Double

    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// `0xRRGGBB`, opaque.
    public init(hex: UInt32) {
        self.init(red: Double((hex >> 16) & 0xFF) / 255,
                  green: Double((hex >> 8) & 0xFF) / 255,
                  blue: Double(hex & 0xFF) / 255)
    }

    public static let black = Color(red: 0, green: 0, blue: 0)
    public static let white = Color(red: 1, green: 1, blue: 1)
}

public struct Rect: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }

    /// Half-open, so neighbouring rectangles (touch targets in a grid) never both claim an edge.
    public func contains(x: Double, y: Double) -> Bool {
        x >= self.x && x < maxX && y >= self.y && y < maxY
    }

    public func insetBy(dx: Double, dy: Double) -> Rect {
        Rect(x: x + dx, y: y + dy, width: max(0, width - 2 * dx), height: max(0, height - 2 * dy))
    }
}

public enum FontWeight: Sendable {
    case regular, bold
}

public struct FontSpec: Hashable, Sendable {
    /// A Pango family list; the first installed family that has a glyph wins.
    public var family: String
    /// Absolute size in canvas units: pixels on image canvases, points on PDF canvases.
    public var size: Double
    public var weight: FontWeight

    public init(size: Double, weight: FontWeight = .regular, family: String = FontSpec.defaultFamily) {
        self.family = family
        self.size = size
        self.weight = weight
    }

    public static let defaultFamily = "Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif"
}

public enum TextAlignment: Sendable {
    case left, center, right
}

public struct TextMeasure: Hashable, Sendable {
    /// Width of the widest line, not the wrap width.
    public var width: Double
    public var height: Double
    public var lineCount: Int

    public init(width: Double, height: Double, lineCount: Int) {
        self.width = width
        self.height = height
        self.lineCount = lineCount
    }

    public static let zero = TextMeasure(width: 0, height: 0, lineCount: 0)
}

public struct GraphicsError: Error, CustomStringConvertible, Sendable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
