import Foundation
import KioskCore

/// Reads kiosk.yaml. Every error names the file, line and field; unknown keys are errors, so a typo never
/// silently leaves a default in place.
public enum ConfigLoader {
    public static func load(path: String) throws(AuthoringError) -> KioskConfig {
        try parse(YAMLValue.load(path: path), baseDirectory: URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }

    public static func parse(_ text: String, file: String, baseDirectory: String) throws(AuthoringError) -> KioskConfig {
        try parse(YAMLValue.parse(text, file: file), baseDirectory: baseDirectory)
    }

    static func parse(_ root: YAMLValue, baseDirectory: String) throws(AuthoringError) -> KioskConfig {
        func resolve(_ path: String) -> String {
            path.hasPrefix("/") || path.isEmpty ? path
                : URL(fileURLWithPath: baseDirectory).appendingPathComponent(path).standardizedFileURL.path
        }
        var config = KioskConfig()
        let top = try FieldReader(root)
        try top.rejectUnknown(allowed: ["kiosk", "state_dir", "hotline", "session", "display", "input", "printer",
                                        "center", "content", "local"])

        let kiosk = try FieldReader(top.required("kiosk"))
        try kiosk.rejectUnknown(allowed: ["id", "township"])
        let idValue = try kiosk.required("id")
        config.kioskID = try idValue.nonEmptyString()
        guard KioskID.isValid(config.kioskID) else { throw idValue.error("use \(KioskID.rule)") }
        config.township = try kiosk.optional("township")?.string() ?? ""
        if let value = top.optional("state_dir") { config.stateDirectory = resolve(try value.nonEmptyString()) }
        if let value = top.optional("hotline") { config.hotline = try value.nonEmptyString() }

        if let value = top.optional("session") {
            let session = try FieldReader(value)
            try session.rejectUnknown(allowed: ["idle_timeout_seconds"])
            if let field = session.optional("idle_timeout_seconds") {
                config.idleTimeoutSeconds = try field.double()
                guard config.idleTimeoutSeconds >= 10 else { throw field.error("must be at least 10 seconds") }
            }
        }

        if let value = top.optional("display") {
            let display = try FieldReader(value)
            try display.rejectUnknown(allowed: ["backend", "device", "width", "height", "dpi", "theme"])
            if let field = display.optional("backend") {
                config.display.backend = try field.nonEmptyString()
                let backend = config.display.backend
                guard backend == "fbdev" || backend == "simulator" || backend.hasPrefix("png:") else {
                    throw field.error("expected fbdev, simulator or png:DIR")
                }
            }
            if let field = display.optional("device") { config.display.device = try field.nonEmptyString() }
            for (key, keyPath) in [("width", \KioskConfig.Display.width), ("height", \KioskConfig.Display.height)] {
                if let field = display.optional(key) {
                    let pixels = try field.int()
                    guard (240...8192).contains(pixels) else { throw field.error("must be between 240 and 8192 pixels") }
                    config.display[keyPath: keyPath] = pixels
                }
            }
            if let field = display.optional("dpi") {
                config.display.dotsPerInch = try field.double()
                guard config.display.dotsPerInch > 20 else { throw field.error("must be a plausible screen density") }
            }
            if let field = display.optional("theme") {
                config.display.theme = try field.nonEmptyString()
                guard ["standard", "elder", "high_contrast"].contains(config.display.theme) else {
                    throw field.error("expected standard, elder or high_contrast")
                }
            }
        }

        if let value = top.optional("input") {
            let input = try FieldReader(value)
            try input.rejectUnknown(allowed: ["device", "rotate", "flip_x", "flip_y", "calibration"])
            if let field = input.optional("device") { config.input.device = try field.nonEmptyString() }
            if let field = input.optional("rotate") {
                config.input.rotation = try field.int()
                guard [0, 90, 180, 270].contains(config.input.rotation) else { throw field.error("expected 0, 90, 180 or 270") }
            }
            if let field = input.optional("flip_x") { config.input.flipX = try field.bool() }
            if let field = input.optional("flip_y") { config.input.flipY = try field.bool() }
            if let field = input.optional("calibration") {
                var matrix: [Double] = []
                for item in try field.sequence() { matrix.append(try item.double()) }
                guard matrix.count == 6 else { throw field.error("expected six numbers a, b, c, d, e, f") }
                config.input.calibration = matrix
            }
        }

        if let value = top.optional("printer") {
            let printer = try FieldReader(value)
            try printer.rejectUnknown(allowed: ["queue", "paper", "server"])
            if let field = printer.optional("queue") { config.printer.queue = try field.nonEmptyString() }
            if let field = printer.optional("paper") {
                config.printer.paper = try field.nonEmptyString()
                guard ["58mm", "80mm", "a4"].contains(config.printer.paper) else { throw field.error("expected 58mm, 80mm or a4") }
            }
            if let field = printer.optional("server") { config.printer.server = try field.string() }
        }

        if let value = top.optional("center") {
            let center = try FieldReader(value)
            try center.rejectUnknown(allowed: ["url", "public_url", "credential_file", "upload_interval_seconds", "batch_size"])
            if let field = center.optional("url") {
                // Empty is allowed: the events then stay queued on the kiosk.
                config.center.url = try field.string().trimmingCharacters(in: .whitespaces)
                guard config.center.url.isEmpty || config.center.url.hasPrefix("http://")
                    || config.center.url.hasPrefix("https://") else {
                    throw field.error("expected an http:// or https:// address")
                }
            }
            if let field = center.optional("public_url") { config.center.publicURL = try field.nonEmptyString() }
            if let field = center.optional("credential_file") { config.center.credentialFile = resolve(try field.nonEmptyString()) }
            if let field = center.optional("upload_interval_seconds") {
                config.center.uploadIntervalSeconds = try field.double()
                guard config.center.uploadIntervalSeconds > 0 else { throw field.error("must be positive") }
            }
            if let field = center.optional("batch_size") {
                config.center.batchSize = try field.int()
                guard (1...10_000).contains(config.center.batchSize) else { throw field.error("must be between 1 and 10000") }
            }
        }

        if let value = top.optional("content") {
            let content = try FieldReader(value)
            try content.rejectUnknown(allowed: ["bundle", "source"])
            if let field = content.optional("bundle") { config.content.bundle = resolve(try field.nonEmptyString()) }
            if let field = content.optional("source") { config.content.source = resolve(try field.nonEmptyString()) }
        }
        if let value = top.optional("local") {
            // Checked against the settings the content declares when the content is loaded (LocalSettings.merging).
            for (name, field) in try value.mapping() {
                guard Identifier.isValid(name) else { throw field.error("a setting's name uses letters, digits and _") }
                config.local[name] = try field.scriptValue()
            }
        }
        if config.center.publicURL.isEmpty { config.center.publicURL = config.center.url }
        return config
    }
}
