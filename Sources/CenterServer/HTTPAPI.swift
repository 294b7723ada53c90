import Foundation
import Hummingbird
import KioskCore
import Logging

/// The JSON body of every error the API answers, so that a kiosk's log and a technician's curl both say what
/// was wrong. `field` is a path into the request body (for example `events[3].kind`) when one field is to blame.
public struct APIErrorBody: Codable, Sendable, Hashable {
    public var error: String
    public var message: String
    public var field: String?

    public init(error: String, message: String, field: String? = nil) {
        self.error = error
        self.message = message
        self.field = field
    }
}

/// Request limits; a hostile or broken client gets a 4xx, never an unbounded read or a partial write.
struct APILimits: Sendable {
    var maxBodyBytes: Int
    var maxEventsPerBatch = 10_000
    /// Ids in events come from content (flow, node, option and outcome ids) and are short; anything longer is not
    /// something a kiosk sends, and refusing it keeps free text out of the center's database.
    var maxFieldLength = 256
}

struct APIError: Error {
    var status: HTTPResponse.Status
    var body: APIErrorBody
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ error: String, _ message: String, field: String? = nil) {
        self.status = status
        self.body = APIErrorBody(error: error, message: message, field: field)
    }
}

/// Builds the router. Routes are grouped by who may call them, so staff login (a later issue) is one middleware
/// on `staff` and nothing else moves.
func buildRouter(store: any CenterStore, limits: APILimits) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    let api = EventAPI(store: store, limits: limits)

    router.get("healthz") { _, _ in "ok" }

    // Kiosks: authenticated per request by their bearer secret.
    router.post("api/v1/events") { request, context in
        await api.respond(context) { try await api.ingest(request, context: context) }
    }

    // Staff: open for now. Staff login adds its authenticator middleware to this group.
    let staff = router.group("api/v1")
    staff.get("stats") { _, context in
        await api.respond(context) { try jsonResponse(.ok, try await store.stats()) }
    }
    return router
}

struct EventAPI: Sendable {
    let store: any CenterStore
    let limits: APILimits

    /// Turns an `APIError` into its JSON answer, and anything else into a logged 500 that leaks no internals.
    func respond(_ context: BasicRequestContext, _ handler: () async throws -> Response) async -> Response {
        do {
            return try await handler()
        } catch let error as APIError {
            var response = (try? jsonResponse(error.status, error.body)) ?? Response(status: error.status)
            response.headers.append(contentsOf: error.headers)
            return response
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            return (try? jsonResponse(.internalServerError,
                                      APIErrorBody(error: "internal", message: "internal server error")))
                ?? Response(status: .internalServerError)
        }
    }

    func ingest(_ request: Request, context: BasicRequestContext) async throws -> Response {
        // Authenticate before reading the body, so an unknown client cannot make the center buffer a megabyte.
        let kiosk = try await authenticate(request)

        if let lengthText = request.headers[.contentLength], let length = Int(lengthText), length > limits.maxBodyBytes {
            throw APIError(.contentTooLarge, "too_large",
                           "body is \(length) bytes; the limit is \(limits.maxBodyBytes)")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limits.maxBodyBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "too_large", "body exceeds the limit of \(limits.maxBodyBytes) bytes")
        }

        let batch = try decodeBatch(Data(buffer.readableBytesView))
        guard batch.events.count <= limits.maxEventsPerBatch else {
            throw APIError(.contentTooLarge, "too_many_events",
                           "batch has \(batch.events.count) events; the limit is \(limits.maxEventsPerBatch)",
                           field: "events")
        }
        guard batch.kiosk == kiosk else {
            context.logger.notice("batch for another kiosk", metadata: ["token.kiosk": "\(kiosk)",
                                                                       "batch.kiosk": "\(batch.kiosk)"])
            throw APIError(.forbidden, "forbidden", "this token belongs to another kiosk", field: "kiosk")
        }
        try validate(batch)

        let ack = try await store.ingest(batch)
        context.logger.debug("batch stored", metadata: ["kiosk": "\(kiosk)", "stored": "\(ack.stored)",
                                                        "duplicates": "\(ack.duplicates)"])
        return try jsonResponse(.ok, ack)
    }

    private func authenticate(_ request: Request) async throws -> String {
        guard let header = request.headers[.authorization] else {
            throw unauthorized("missing Authorization: Bearer token")
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw unauthorized("Authorization must be 'Bearer <kiosk secret>'")
        }
        let secret = parts[1].trimmingCharacters(in: .whitespaces)
        guard let kiosk = try await store.kioskForTokenHash(KioskCredential.hash(of: secret)) else {
            throw unauthorized("unknown token")
        }
        return kiosk
    }

    private func unauthorized(_ message: String) -> APIError {
        var error = APIError(.unauthorized, "unauthorized", message)
        error.headers[.wwwAuthenticate] = "Bearer"
        return error
    }

    private func decodeBatch(_ data: Data) throws -> EventBatch {
        do {
            return try JSONDecoder().decode(EventBatch.self, from: data)
        } catch let error as DecodingError {
            let (field, message) = describe(error)
            throw APIError(.badRequest, "bad_request", message, field: field)
        }
    }

    /// Checks what JSON decoding cannot: sequence numbers and field sizes.
    private func validate(_ batch: EventBatch) throws {
        for (index, item) in batch.events.enumerated() {
            let path = "events[\(index)]"
            guard item.seq > 0 else {
                throw APIError(.badRequest, "bad_request", "\(path).seq: sequence numbers start at 1",
                               field: "\(path).seq")
            }
            let event = item.event
            let fields: [(String, String?)] = [
                ("visit", event.visit), ("flow", event.flow), ("node", event.node), ("answer", event.answer),
                ("outcome", event.outcome), ("failure", event.failure),
            ]
            for case let (name, value?) in fields where value.utf8.count > limits.maxFieldLength {
                throw APIError(.badRequest, "bad_request",
                               "\(path).\(name): longer than \(limits.maxFieldLength) bytes",
                               field: "\(path).\(name)")
            }
        }
    }
}

/// Names the failing field as a path (`events[2].at`) and says what was wrong with it.
func describe(_ error: DecodingError) -> (field: String?, message: String) {
    func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return text
    }
    func located(_ field: String, _ message: String) -> (String?, String) {
        field.isEmpty ? (nil, "body: \(message)") : (field, "\(field): \(message)")
    }
    switch error {
    case .keyNotFound(let key, let context):
        let field = path(context.codingPath + [key])
        return (field, "\(field): required field is missing")
    case .valueNotFound(let type, let context):
        return located(path(context.codingPath), "expected \(typeName(type)), found null")
    case .typeMismatch(let type, let context):
        return located(path(context.codingPath), "expected \(typeName(type))")
    case .dataCorrupted(let context):
        let field = path(context.codingPath)
        if field.isEmpty {
            // Syntax errors have no coding path; Foundation's underlying error carries the byte offset.
            let detail = context.underlyingError.map { ": \($0)" } ?? ""
            return (nil, "body is not valid JSON" + detail)
        }
        return (field, "\(field): \(context.debugDescription)")
    @unknown default:
        return (nil, "invalid request body")
    }
}

private func typeName(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: "a string"
    case is Int64.Type, is Int.Type: "an integer"
    case is [Any].Type: "an array"
    case is [String: Any].Type: "an object"
    default: "\(type)"
    }
}

func jsonResponse(_ status: HTTPResponse.Status, _ value: some Encodable) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = try encoder.encode(value)
    return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(bytes: data)))
}
