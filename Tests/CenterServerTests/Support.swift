import AsyncHTTPClient
import CenterServer
import CenterTestSupport
import Foundation
import KioskTestSupport
import KioskCore
import Testing

/// The methods the center's API uses (AsyncHTTPClient's own type lives in a module this target does not declare).
enum Method { case get, post }

struct HTTPResult {
    var status: Int
    var body: Data
    var headers: [(String, String)]

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(type, from: body) }
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// Requests to the center's API as a kiosk or a tool would send them.
extension TestCenter {
    func request(_ method: Method, _ path: String, token: String? = nil, authorization: String? = nil,
                 body: Data? = nil, chunked: Bool = false) async throws -> HTTPResult {
        var request = HTTPClientRequest(url: url + path)
        request.method = method == .get ? .GET : .POST
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(Array(body), length: chunked ? .unknown : .known(Int64(body.count)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        return HTTPResult(status: Int(response.status.code), body: Data(buffer.readableBytesView),
                          headers: response.headers.map { ($0.name, $0.value) })
    }

    func post(_ batch: EventBatch, token: String?) async throws -> HTTPResult {
        try await request(.post, "/api/v1/events", token: token, body: try JSONEncoder().encode(batch))
    }

    func post(json: String, token: String?) async throws -> HTTPResult {
        try await request(.post, "/api/v1/events", token: token, body: Data(json.utf8))
    }
}

let emptyStats = StatsReport(visits: 0, outcomes: 0, slips: 0, flows: [])

/// The events of one complete visit, numbered from `firstSeq`: start, one step, outcome, slip, end.
func visitEvents(visit: String, flow: String, firstSeq: Int64, slip: Bool = true) -> [SequencedEvent] {
    let at: Int64 = 1_750_000_000_000
    var events: [UsageEvent] = [
        UsageEvent(kind: .visitStart, atMillis: at, visit: visit, flow: flow, node: "start"),
        UsageEvent(kind: .step, atMillis: at + 1000, visit: visit, flow: flow, node: "start", answer: "yes",
                   dwellMillis: 1000),
        UsageEvent(kind: .outcome, atMillis: at + 2000, visit: visit, flow: flow, outcome: "see-mediator"),
    ]
    events.append(slip
        ? UsageEvent(kind: .slipPrinted, atMillis: at + 3000, visit: visit, flow: flow, outcome: "see-mediator")
        : UsageEvent(kind: .slipFailed, atMillis: at + 3000, visit: visit, flow: flow, failure: "queue-stopped"))
    events.append(UsageEvent(kind: .visitEnd, atMillis: at + 4000, visit: visit, flow: flow, reason: .outcome))
    return events.enumerated().map { SequencedEvent(seq: firstSeq + Int64($0.offset), event: $0.element) }
}
