import Foundation

/// A malformed evemu file, located like a compiler diagnostic.
public struct EvemuError: Error, CustomStringConvertible, Sendable {
    public var file: String
    /// 1-based.
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}

/// A device description plus the events it sent, as evemu-record writes them.
public struct EvemuRecording: Sendable {
    public var device: TouchDeviceInfo
    public var events: [RawInputEvent]

    public init(device: TouchDeviceInfo, events: [RawInputEvent]) {
        self.device = device
        self.events = events
    }

    /// A whole recording: the N:/I:/P:/B:/A: header followed by E: lines.
    public static func parse(_ text: String, file: String) throws(EvemuError) -> EvemuRecording {
        var reader = EvemuReader(file: file, acceptsDescription: true, acceptsEvents: true)
        try reader.read(text)
        return EvemuRecording(device: try reader.finishedDevice(), events: reader.events)
    }

    /// A description (a `.desc` file) and a headerless events file recorded from that device.
    public static func parse(description: String, events: String, descriptionFile: String,
                             eventsFile: String) throws(EvemuError) -> EvemuRecording {
        var descriptionReader = EvemuReader(file: descriptionFile, acceptsDescription: true, acceptsEvents: false)
        try descriptionReader.read(description)
        let device = try descriptionReader.finishedDevice()
        var eventReader = EvemuReader(file: eventsFile, acceptsDescription: false, acceptsEvents: true)
        try eventReader.read(events)
        return EvemuRecording(device: device, events: eventReader.events)
    }

    /// Loads a recording; one without a header takes its device from the sibling `<device name>.desc`, where the
    /// device name is the part of the file name before the first '.' (the evemu-devices naming convention).
    public static func load(path: String) throws -> EvemuRecording {
        let text = try readText(path: path)
        if EvemuReader.containsDescription(text) {
            return try parse(text, file: path)
        }
        let url = URL(fileURLWithPath: path)
        let fileName = url.lastPathComponent
        let deviceName = fileName.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first
            .map(String.init) ?? fileName
        let descriptionPath = url.deletingLastPathComponent().appendingPathComponent(deviceName + ".desc").path
        guard FileManager.default.fileExists(atPath: descriptionPath) else {
            throw EvemuError(file: path, line: 1,
                             message: "the recording has no device description (no N: line) and \(descriptionPath) does not exist")
        }
        let description = try readText(path: descriptionPath)
        return try parse(description: description, events: text, descriptionFile: descriptionPath, eventsFile: path)
    }

    private static func readText(path: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let text = String(data: data, encoding: .utf8) else {
            throw EvemuError(file: path, line: 1, message: "not UTF-8 text")
        }
        return text
    }
}

/// Reads the line-oriented evemu format strictly: every line must be a known record with well-formed fields,
/// because a recording that parses "mostly" would replay a different gesture than the one recorded.
struct EvemuReader {
    let file: String
    let acceptsDescription: Bool
    let acceptsEvents: Bool

    private(set) var events: [RawInputEvent] = []
    private var name: String?
    private var identity = DeviceIdentity()
    private var properties: Set<UInt16> = []
    private var propertyBytesRead = 0
    private var keys: Set<UInt16> = []
    private var bitmaskBytesRead: [UInt16: Int] = [:]
    private var axes: [UInt16: AxisRange] = [:]
    private var lineNumber = 0

    init(file: String, acceptsDescription: Bool, acceptsEvents: Bool) {
        self.file = file
        self.acceptsDescription = acceptsDescription
        self.acceptsEvents = acceptsEvents
    }

    static func containsDescription(_ text: String) -> Bool {
        text.split(whereSeparator: \.isNewline).contains { $0.hasPrefix("N:") }
    }

    mutating func read(_ text: String) throws(EvemuError) {
        // Only LF and CRLF end lines (Swift sees CRLF as one Character), so line numbers are the ones an editor shows.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, line) in lines.enumerated() {
            lineNumber = index + 1
            try readLine(line)
        }
    }

    func finishedDevice() throws(EvemuError) -> TouchDeviceInfo {
        guard let name else {
            throw EvemuError(file: file, line: 1, message: "no N: line: a device description must name the device")
        }
        return TouchDeviceInfo(name: name, axes: axes, properties: properties, keys: keys, identity: identity)
    }

    private func fail(_ message: String) -> EvemuError {
        EvemuError(file: file, line: lineNumber, message: message)
    }

    private mutating func readLine(_ line: Substring) throws(EvemuError) {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return }
        guard let colon = trimmed.firstIndex(of: ":"), trimmed.distance(from: trimmed.startIndex, to: colon) == 1 else {
            throw fail("expected an evemu record (N:, I:, P:, B:, A:, L:, S: or E:), found \(quoted(trimmed))")
        }
        let kind = trimmed[trimmed.startIndex]
        let rest = trimmed[trimmed.index(after: colon)...]
        if kind == "E" {
            guard acceptsEvents else { throw fail("E: line in a device description") }
            try readEvent(rest)
            return
        }
        guard acceptsDescription else {
            throw fail("\(kind): line in an events file without a header; put the device description first")
        }
        guard events.isEmpty else { throw fail("\(kind): line after the first E: line; the description comes first") }
        switch kind {
        case "N": try readName(rest)
        case "I": try readIdentity(rest)
        case "P": try readProperties(rest)
        case "B": try readBitmask(rest)
        case "A": try readAxis(rest)
        case "L", "S": try readStateLine(kind, rest)  // LED and switch states: valid, but irrelevant to touch
        default:
            throw fail("unknown record \(kind):; expected N:, I:, P:, B:, A:, L:, S: or E:")
        }
    }

    private mutating func readName(_ rest: Substring) throws(EvemuError) {
        guard name == nil else { throw fail("second N: line; one description names one device") }
        let value = rest.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { throw fail("N: line without a device name") }
        name = value
    }

    private mutating func readIdentity(_ rest: Substring) throws(EvemuError) {
        let fields = rest.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count == 4 else { throw fail("I: needs 4 hex fields (bus vendor product version), found \(fields.count)") }
        var values: [UInt16] = []
        for field in fields {
            guard field.count <= 4, let value = UInt16(field, radix: 16) else {
                throw fail("I: field \(quoted(field)) is not a 16-bit hex number")
            }
            values.append(value)
        }
        identity = DeviceIdentity(busType: values[0], vendor: values[1], product: values[2], version: values[3])
    }

    private mutating func readProperties(_ rest: Substring) throws(EvemuError) {
        let bytes = try hexBytes(rest, record: "P:")
        for (offset, byte) in bytes.enumerated() {
            let base = (propertyBytesRead + offset) * 8
            for bit in 0..<8 where byte & (1 << bit) != 0 {
                guard base + bit < InputProperty.count else {
                    throw fail("P: sets property \(base + bit), beyond INPUT_PROP_MAX")
                }
                properties.insert(UInt16(base + bit))
            }
        }
        propertyBytesRead += bytes.count
    }

    private mutating func readBitmask(_ rest: Substring) throws(EvemuError) {
        let fields = rest.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let typeField = fields.first, typeField.count <= 2, let type = UInt16(typeField, radix: 16) else {
            throw fail("B: needs an event type in hex first")
        }
        guard Int(type) < EventType.count else { throw fail("B: event type 0x\(hex(type)) is beyond EV_MAX") }
        let bytes = try hexBytes(rest.drop { $0 == " " || $0 == "\t" }.drop { $0 != " " && $0 != "\t" }, record: "B:")
        let offset = bitmaskBytesRead[type, default: 0]
        bitmaskBytesRead[type] = offset + bytes.count
        guard offset + bytes.count <= 128 else {
            throw fail("too many B: lines for event type 0x\(hex(type)); no event type has that many codes")
        }
        // Only key codes are kept from the bitmasks: absolute axes come with their ranges on A: lines.
        guard type == EventType.key else { return }
        for (index, byte) in bytes.enumerated() {
            let base = (offset + index) * 8
            for bit in 0..<8 where byte & (1 << bit) != 0 {
                guard base + bit < KeyCode.count else { throw fail("B: sets key code \(base + bit), beyond KEY_MAX") }
                keys.insert(UInt16(base + bit))
            }
        }
    }

    private mutating func readAxis(_ rest: Substring) throws(EvemuError) {
        let fields = rest.split(whereSeparator: { $0 == " " || $0 == "\t" })
        // Older evemu versions wrote no resolution column; the .desc files of evemu-devices are such.
        guard fields.count == 5 || fields.count == 6 else {
            throw fail("A: needs <code hex> <min> <max> <fuzz> <flat> [<resolution>], found \(fields.count) fields")
        }
        guard fields[0].count <= 2, let code = UInt16(fields[0], radix: 16), Int(code) < AbsCode.count else {
            throw fail("A: axis code \(quoted(fields[0])) is not a hex ABS_* code (00...3f)")
        }
        var numbers: [Int32] = []
        for field in fields.dropFirst() {
            guard let value = Int32(field) else { throw fail("A: value \(quoted(field)) is not a 32-bit integer") }
            numbers.append(value)
        }
        guard axes[code] == nil else { throw fail("second A: line for axis 0x\(hex(code))") }
        guard numbers[0] <= numbers[1] else {
            throw fail("A: axis 0x\(hex(code)) has minimum \(numbers[0]) above maximum \(numbers[1])")
        }
        axes[code] = AxisRange(minimum: numbers[0], maximum: numbers[1], fuzz: numbers[2], flat: numbers[3],
                               resolution: numbers.count > 4 ? numbers[4] : 0)
    }

    private func readStateLine(_ kind: Character, _ rest: Substring) throws(EvemuError) {
        let fields = rest.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count == 2, UInt16(fields[0], radix: 16) != nil, Int32(fields[1]) != nil else {
            throw fail("\(kind): needs <code hex> <value>")
        }
    }

    private mutating func readEvent(_ rest: Substring) throws(EvemuError) {
        let withoutComment = rest.prefix { $0 != "#" }
        let fields = withoutComment.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count == 4 else {
            throw fail("E: needs <sec>.<usec> <type hex> <code hex> <value>, found \(fields.count) fields")
        }
        guard let time = Self.timestamp(fields[0]) else {
            throw fail("E: timestamp \(quoted(fields[0])) is not <seconds>.<microseconds>")
        }
        guard fields[1].count <= 4, let type = UInt16(fields[1], radix: 16), Int(type) < EventType.count else {
            throw fail("E: event type \(quoted(fields[1])) is not a hex EV_* type")
        }
        guard fields[2].count <= 4, let code = UInt16(fields[2], radix: 16) else {
            throw fail("E: event code \(quoted(fields[2])) is not a 16-bit hex number")
        }
        guard let value = Int32(fields[3]) else {
            throw fail("E: value \(quoted(fields[3])) is not a 32-bit decimal integer")
        }
        events.append(RawInputEvent(time: time, type: type, code: code, value: value))
    }

    /// Only "<digits>.<digits>": Double's own parser (correctly rounded) would also take "1e3", "inf" or "nan".
    static func timestamp(_ field: Substring) -> Double? {
        let parts = field.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, parts[0].count <= 12, parts[1].count <= 9,
              parts[0].allSatisfy(\.isASCIIDigit), parts[1].allSatisfy(\.isASCIIDigit) else { return nil }
        return Double(field)
    }

    private func hexBytes(_ text: Substring, record: String) throws(EvemuError) -> [UInt8] {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard !fields.isEmpty, fields.count <= 8 else {
            throw fail("\(record) needs 1 to 8 hex bytes, found \(fields.count)")
        }
        var bytes: [UInt8] = []
        for field in fields {
            guard field.count <= 2, let byte = UInt8(field, radix: 16) else {
                throw fail("\(record) field \(quoted(field)) is not a hex byte")
            }
            bytes.append(byte)
        }
        return bytes
    }

    private func quoted(_ text: Substring) -> String {
        let shown = text.count > 40 ? text.prefix(40) + "…" : text
        return "\"\(shown)\""
    }
}

func hex(_ value: UInt16, width: Int = 2) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
