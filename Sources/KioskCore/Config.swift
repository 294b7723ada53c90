import Foundation

/// A kiosk's configuration, as read from kiosk.yaml. Relative paths are already resolved against the
/// config file's folder by the loader.
public struct KioskConfig: Hashable, Sendable {
    public struct Display: Hashable, Sendable {
        /// "fbdev", "png:DIR" or "simulator".
        public var backend: String = "fbdev"
        public var device: String = "/dev/fb0"
        public var width: Int = 1080
        public var height: Int = 1920
        public var dotsPerInch: Double = 160
        public var theme: String = "standard"
        public init() {}
    }

    public struct Input: Hashable, Sendable {
        /// "auto" scans /dev/input; a path (such as the udev link /dev/input/kiosk-touch) names the device.
        public var device: String = "auto"
        public var rotation: Int = 0
        public var flipX: Bool = false
        public var flipY: Bool = false
        public var calibration: [Double]?
        public init() {}
    }

    public struct Printer: Hashable, Sendable {
        public var queue: String = "kiosk-slip"
        /// "58mm", "80mm" or "a4".
        public var paper: String = "80mm"
        /// host:port or a socket path; empty means libcups' default (CUPS_SERVER, then the local socket).
        public var server: String = ""
        public init() {}
    }

    public struct Center: Hashable, Sendable {
        public var url: String = ""
        /// Where the QR code on a slip points: the center's public guidance pages.
        public var publicURL: String = ""
        public var credentialFile: String = ""
        public var uploadIntervalSeconds: Double = 30
        public var batchSize: Int = 500
        public init() {}
    }

    public struct Content: Hashable, Sendable {
        /// The content bundle in use.
        public var bundle: String = ""
        /// Optional authored content folder; when the bundle is missing, kioskd builds it from here.
        public var source: String = ""
        public init() {}
    }

    public var kioskID: String = ""
    public var township: String = ""
    public var stateDirectory: String = "/var/lib/kioskd"
    public var hotline: String = "12348"
    public var idleTimeoutSeconds: Double = 90
    /// Overrides of the content's settings for this kiosk (the local station's name, the county's threshold).
    public var local: [String: ScriptValue] = [:]
    public var display = Display()
    public var input = Input()
    public var printer = Printer()
    public var center = Center()
    public var content = Content()

    public init() {}

    /// The bundle path, defaulting to content.sqlite in the state directory.
    public var bundlePath: String {
        content.bundle.isEmpty ? stateDirectory + "/content.sqlite" : content.bundle
    }

    public var eventQueuePath: String { stateDirectory + "/events.sqlite" }

    /// The content's settings with this kiosk's overrides: `hotline` (when the content declares it) and `local:`.
    /// Overrides the content does not declare, or of the wrong type, are returned as problems and not applied.
    public func settings(for content: ContentSet) -> (settings: LocalSettings, problems: [String]) {
        var overrides = local
        if content.settings["hotline"] != nil, overrides["hotline"] == nil { overrides["hotline"] = .text(hotline) }
        return LocalSettings.merging(defaults: content.settings, overrides: overrides)
    }
}

/// A problem in a file a person wrote (config or content), pointing at where it is.
public struct AuthoringError: Error, Hashable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var field: String?
    public var message: String
    /// Worth fixing but not stopping a build (text the screen shows incompletely, which the slip still carries).
    public var isWarning: Bool

    public init(_ location: SourceLocation, field: String? = nil, _ message: String, isWarning: Bool = false) {
        self.location = location
        self.field = field
        self.message = message
        self.isWarning = isWarning
    }

    public var description: String {
        let text = field.map { "\(location): \($0): \(message)" } ?? "\(location): \(message)"
        return isWarning ? "warning: " + text : text
    }
}

/// Several authoring errors at once, so an author fixes them all in one round.
public struct AuthoringErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [AuthoringError]
    public init(_ errors: [AuthoringError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
