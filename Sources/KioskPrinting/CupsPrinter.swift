import CCups
import Foundation

public enum PrinterState: String, Sendable {
    case idle, processing, stopped, unknown
}

public struct PrinterStatus: Hashable, Sendable {
    public var state: PrinterState
    /// `printer-state-reasons` without "none", e.g. "media-empty-error", "paused".
    public var reasons: [String]
    public var isAcceptingJobs: Bool

    public init(state: PrinterState, reasons: [String], isAcceptingJobs: Bool) {
        self.state = state
        self.reasons = reasons
        self.isAcceptingJobs = isAcceptingJobs
    }

    /// A "-error" reason means the printer cannot produce paper (out of paper, cover open) even when CUPS
    /// still calls the queue idle; the kiosk should not promise a slip then.
    public var canPrint: Bool {
        isAcceptingJobs && (state == .idle || state == .processing)
            && !reasons.contains { $0.hasSuffix("-error") }
    }
}

public enum PrintJobState: String, Sendable {
    case pending, held, processing, stopped, canceled, aborted, completed, unknown

    public var isFinal: Bool {
        self == .completed || self == .aborted || self == .canceled
    }
}

public struct PrintError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        case printerMissing, notAccepting, stopped, serverUnreachable, submitFailed
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}

/// One CUPS queue on one server. Every call opens its own explicit connection to that server: libcups
/// keeps the default server per thread, and Swift concurrency may resume a task on any thread, so a
/// cupsSetServer made in one call is never relied on in the next. The one place the thread's server is
/// set is inside `submit`, which is synchronous (see `withThreadServer`).
public final class CupsPrinter: Sendable {
    public let queue: String
    /// "host:port", "host", "[v6addr]:port" or a domain socket path; nil means libcups' default
    /// (CUPS_SERVER, client.conf, then the local socket).
    public let server: String?
    /// How long to wait for the TCP connection before calling the server unreachable.
    public let connectTimeout: Duration

    public init(queue: String, server: String? = nil, connectTimeout: Duration = .seconds(5)) {
        self.queue = queue
        self.server = server
        self.connectTimeout = connectTimeout
    }

    // MARK: Status

    public func status() throws(PrintError) -> PrinterStatus {
        let connection = try Connection(server: server, timeout: connectTimeout)
        return try status(on: connection)
    }

    private func status(on connection: Connection) throws(PrintError) -> PrinterStatus {
        let request = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES)
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nil, try printerURI())
        let wanted = ["printer-state", "printer-state-reasons", "printer-is-accepting-jobs"]
        withCStrings(wanted) { pointers in
            _ = ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                              Int32(pointers.count), nil, pointers)
        }
        let response = try connection.send(request, resource: "/", what: "status of \(queue)")
        defer { ippDelete(response) }
        try check(response, what: "status of \(queue)")

        let state: PrinterState
        switch ippGetInteger(ippFindAttribute(response, "printer-state", IPP_TAG_ENUM), 0) {
        case Int32(IPP_PSTATE_IDLE.rawValue): state = .idle
        case Int32(IPP_PSTATE_PROCESSING.rawValue): state = .processing
        case Int32(IPP_PSTATE_STOPPED.rawValue): state = .stopped
        default: state = .unknown
        }
        var reasons: [String] = []
        if let attribute = ippFindAttribute(response, "printer-state-reasons", IPP_TAG_KEYWORD) {
            for index in 0..<ippGetCount(attribute) {
                if let value = ippGetString(attribute, index, nil) {
                    let reason = String(cString: value)
                    if reason != "none" { reasons.append(reason) }
                }
            }
        }
        let accepting = ippFindAttribute(response, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN)
        return PrinterStatus(state: state, reasons: reasons,
                             isAcceptingJobs: accepting.map { ippGetBoolean($0, 0) != 0 } ?? false)
    }

    // MARK: Jobs

    /// Submits a PDF and returns the job id.
    ///
    /// Refuses without creating a job when the queue is stopped or not accepting: CUPS would happily hold
    /// the job on a stopped queue, and the resident would walk away waiting for a slip that never comes.
    ///
    /// Media: a "media" option (a PWG name such as `SlipPaper.mediaName(lengthMillimetres:)`) is sent only
    /// when the queue reports it supported (cupsCheckDestSupported, which for roll printers matches
    /// custom sizes against their custom_min/custom_max range). Otherwise it is dropped and the queue's
    /// default media is used, because an unsupported size makes some drivers scale the slip to a sheet
    /// or hold the job for "media-needed".
    public func submit(pdf: Data, title: String, options: [String: String] = [:]) throws(PrintError) -> Int32 {
        let connection = try Connection(server: server, timeout: connectTimeout)
        return try withThreadServer { () throws(PrintError) -> Int32 in
            try submit(pdf: pdf, title: title, options: options, on: connection)
        }
    }

    private func submit(pdf: Data, title: String, options: [String: String],
                        on connection: Connection) throws(PrintError) -> Int32 {
        let current = try status(on: connection)
        if current.state == .stopped {
            let why = current.reasons.isEmpty ? "" : " (\(current.reasons.joined(separator: ", ")))"
            throw PrintError(.stopped, "queue \(queue) is stopped\(why)")
        }
        if !current.isAcceptingJobs {
            throw PrintError(.notAccepting, "queue \(queue) is not accepting jobs")
        }

        guard let dest = cupsGetNamedDest(connection.http, queue, nil) else {
            throw lastError(defaultKind: .printerMissing, what: "looking up queue \(queue)")
        }
        defer { cupsFreeDests(1, dest) }
        guard let info = cupsCopyDestInfo(connection.http, dest) else {
            throw lastError(defaultKind: .submitFailed, what: "reading capabilities of \(queue)")
        }
        defer { cupsFreeDestInfo(info) }

        var count: Int32 = 0
        var cupsOptions: UnsafeMutablePointer<cups_option_t>? = nil
        defer { cupsFreeOptions(count, cupsOptions) }
        for (name, value) in options.sorted(by: { $0.key < $1.key }) {
            if name == "media", cupsCheckDestSupported(connection.http, dest, info, name, value) == 0 {
                continue
            }
            count = cupsAddOption(name, value, count, &cupsOptions)
        }

        var jobID: Int32 = 0
        let created = cupsCreateDestJob(connection.http, dest, info, &jobID, title, count, cupsOptions)
        guard created.rawValue <= IPP_STATUS_OK_EVENTS_COMPLETE.rawValue, jobID > 0 else {
            throw lastError(defaultKind: .submitFailed, what: "creating a job on \(queue)")
        }

        let started = cupsStartDestDocument(connection.http, dest, info, jobID, title, CUPS_FORMAT_PDF,
                                            0, nil, 1)
        guard started == HTTP_STATUS_CONTINUE else {
            let error = lastError(defaultKind: .submitFailed, what: "starting the document of job \(jobID)")
            cancel(jobID, dest: dest, on: connection)
            throw error
        }
        var written = true
        pdf.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            let chunk = 64 * 1024
            while offset < bytes.count {
                let length = min(chunk, bytes.count - offset)
                let base = bytes.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self)
                if cupsWriteRequestData(connection.http, base, length) != HTTP_STATUS_CONTINUE {
                    written = false
                    return
                }
                offset += length
            }
        }
        let finished = cupsFinishDestDocument(connection.http, dest, info)
        guard written, finished.rawValue <= IPP_STATUS_OK_EVENTS_COMPLETE.rawValue else {
            let error = lastError(defaultKind: .submitFailed, what: "sending the document of job \(jobID)")
            cancel(jobID, dest: dest, on: connection)
            throw error
        }
        return jobID
    }

    public func jobState(_ id: Int32) throws(PrintError) -> PrintJobState {
        let connection = try Connection(server: server, timeout: connectTimeout)
        let request = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES)
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nil, try printerURI())
        ippAddInteger(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", id)
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", nil, "job-state")
        let response = try connection.send(request, resource: "/", what: "state of job \(id)")
        defer { ippDelete(response) }
        try check(response, what: "state of job \(id)")
        switch ippGetInteger(ippFindAttribute(response, "job-state", IPP_TAG_ENUM), 0) {
        case Int32(IPP_JSTATE_PENDING.rawValue): return .pending
        case Int32(IPP_JSTATE_HELD.rawValue): return .held
        case Int32(IPP_JSTATE_PROCESSING.rawValue): return .processing
        case Int32(IPP_JSTATE_STOPPED.rawValue): return .stopped
        case Int32(IPP_JSTATE_CANCELED.rawValue): return .canceled
        case Int32(IPP_JSTATE_ABORTED.rawValue): return .aborted
        case Int32(IPP_JSTATE_COMPLETED.rawValue): return .completed
        default: return .unknown
        }
    }

    /// Polls about every 200 ms. Returns the final state, or on timeout (or task cancellation) the last
    /// state seen, so the caller can tell "still printing" from "failed".
    public func waitForJob(_ id: Int32, timeout: Duration) async throws(PrintError) -> PrintJobState {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let state = try jobState(id)
            if state.isFinal || clock.now >= deadline { return state }
            do {
                try await Task.sleep(for: min(.milliseconds(200), deadline - clock.now))
            } catch {
                return state
            }
        }
    }

    /// Cancels a job, e.g. the slip of a visit that ended before the printer got to it.
    public func cancel(_ id: Int32) throws(PrintError) {
        let connection = try Connection(server: server, timeout: connectTimeout)
        try withThreadServer { () throws(PrintError) in try cancel(id, on: connection) }
    }

    private func cancel(_ id: Int32, on connection: Connection) throws(PrintError) {
        guard let dest = cupsGetNamedDest(connection.http, queue, nil) else {
            throw lastError(defaultKind: .printerMissing, what: "looking up queue \(queue)")
        }
        defer { cupsFreeDests(1, dest) }
        let status = cupsCancelDestJob(connection.http, dest, id)
        guard status.rawValue <= IPP_STATUS_OK_EVENTS_COMPLETE.rawValue else {
            throw lastError(defaultKind: .submitFailed, what: "canceling job \(id)")
        }
    }

    // MARK: Helpers

    /// cupsCopyDestInfo compares the connection with the thread's default server: when they differ it
    /// takes the queue for a remote one and queries its device-uri (for a file device, a path) instead
    /// of the queue, and fails. So for the span of one synchronous call (no suspension point, hence no
    /// thread hop) the thread's server is the one we are connected to, and then it is put back.
    private func withThreadServer<R>(_ body: () throws(PrintError) -> R) throws(PrintError) -> R {
        guard let server else { return try body() }
        let previous = String(cString: cupsServer())
        cupsSetServer(server)
        defer { cupsSetServer(previous) }
        return try body()
    }

    private func cancel(_ id: Int32, dest: UnsafeMutablePointer<cups_dest_t>, on connection: Connection) {
        _ = cupsCancelDestJob(connection.http, dest, id)
    }

    private func printerURI() throws(PrintError) -> String {
        var buffer = [CChar](repeating: 0, count: 1024)
        let status = httpAssembleURI(HTTP_URI_CODING_ALL, &buffer, Int32(buffer.count), "ipp", nil, "localhost",
                                     ippPort(), "/printers/\(queue)")
        guard status.rawValue >= HTTP_URI_STATUS_OK.rawValue else {
            throw PrintError(.printerMissing, "queue name \(queue) does not make a printer URI")
        }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    private func check(_ response: OpaquePointer, what: String) throws(PrintError) {
        let status = ippGetStatusCode(response)
        guard status.rawValue > IPP_STATUS_OK_EVENTS_COMPLETE.rawValue else { return }
        let message = "\(what): \(String(cString: ippErrorString(status)))"
        throw PrintError(kind(for: status, default: .submitFailed), message)
    }

    private func lastError(defaultKind: PrintError.Kind, what: String) -> PrintError {
        let status = cupsLastError()
        let text = cupsLastErrorString().map { String(cString: $0) } ?? String(cString: ippErrorString(status))
        return PrintError(kind(for: status, default: defaultKind), "\(what): \(text)")
    }

    private func kind(for status: ipp_status_t, default fallback: PrintError.Kind) -> PrintError.Kind {
        switch status {
        case IPP_STATUS_ERROR_NOT_FOUND: .printerMissing
        case IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS: .notAccepting
        case IPP_STATUS_ERROR_SERVICE_UNAVAILABLE: .serverUnreachable
        default: fallback
        }
    }
}

/// An explicit connection to one server, closed when it goes out of scope.
private final class Connection {
    let http: OpaquePointer
    let host: String
    let port: Int32

    init(server: String?, timeout: Duration) throws(PrintError) {
        let (host, port) = Connection.split(server ?? String(cString: cupsServer()))
        let milliseconds = Int32(clamping: timeout.components.seconds * 1000
            + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard let http = httpConnect2(host, port, nil, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1,
                                      milliseconds, nil)
        else {
            let reason = String(cString: strerror(errno))
            let place = host.hasPrefix("/") ? host : "\(host):\(port)"
            throw PrintError(.serverUnreachable, "cannot connect to CUPS at \(place): \(reason)")
        }
        self.http = http
        self.host = host
        self.port = port
    }

    deinit {
        httpClose(http)
    }

    /// Sends an IPP request (taking ownership of it) and returns the response, which the caller deletes.
    func send(_ request: OpaquePointer?, resource: String, what: String) throws(PrintError) -> OpaquePointer {
        guard let response = cupsDoRequest(http, request, resource) else {
            let status = cupsLastError()
            let text = cupsLastErrorString().map { String(cString: $0) } ?? String(cString: ippErrorString(status))
            // No response at all means the conversation failed, not that the server said no.
            let kind: PrintError.Kind = status == IPP_STATUS_ERROR_NOT_FOUND ? .printerMissing : .serverUnreachable
            throw PrintError(kind, "\(what): \(text)")
        }
        return response
    }

    static func split(_ server: String) -> (String, Int32) {
        if server.hasPrefix("/") { return (server, 0) }
        if server.hasPrefix("["), let close = server.firstIndex(of: "]") {
            let host = String(server[server.index(after: server.startIndex)..<close])
            let rest = server[server.index(after: close)...]
            if rest.hasPrefix(":"), let port = Int32(rest.dropFirst()) { return (host, port) }
            return (host, ippPort())
        }
        if let colon = server.lastIndex(of: ":"), server.firstIndex(of: ":") == colon,
           let port = Int32(server[server.index(after: colon)...]) {
            return (String(server[..<colon]), port)
        }
        return (server, ippPort())
    }
}

private func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let duplicates = strings.map { strdup($0) }
    defer { duplicates.forEach { free($0) } }
    return body(duplicates.map { UnsafePointer($0) })
}
