import AsyncHTTPClient
import Foundation
import KioskCore
import KioskStorage
import Logging
import NIOCore
import NIOFoundationCompat

public struct UplinkError: Error, CustomStringConvertible {
    public var status: Int?
    public var message: String
    public var description: String { status.map { "center answered \($0): \(message)" } ?? message }
}

public struct UplinkConfiguration: Sendable {
    public var centerURL: String
    public var kioskID: String
    public var secret: String
    public var batchSize: Int
    public var interval: Duration
    /// Backoff after failures: exponential from `interval`, capped here, with full jitter.
    public var maximumBackoff: Duration

    public init(centerURL: String, kioskID: String, secret: String, batchSize: Int = 500,
                interval: Duration = .seconds(30), maximumBackoff: Duration = .seconds(600)) {
        self.centerURL = centerURL
        self.kioskID = kioskID
        self.secret = secret
        self.batchSize = batchSize
        self.interval = interval
        self.maximumBackoff = maximumBackoff
    }

    /// Reads the kiosk's secret from the credential file `kiosk-center kiosk add` wrote.
    public static func readSecret(path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
              !text.isEmpty else {
            throw UplinkError(status: nil, message: "\(path): cannot read the kiosk credential")
        }
        return text
    }
}

/// Moves queued usage events to the center. An event is deleted locally only after the center's
/// acknowledgement covers its sequence number; the center ignores sequences it already has, so a batch
/// resent after a crash or a lost answer is harmless.
public actor Uplink {
    private let queue: EventQueue
    private let configuration: UplinkConfiguration
    private let client: HTTPClient
    private let logger: Logger
    private var batchSize: Int
    public private(set) var consecutiveFailures = 0

    /// The client an Uplink uses unless given another. Unlike `HTTPClient.shared` it fails a request at once when
    /// the center cannot be reached: the shared client keeps reconnecting until the request's deadline, which held
    /// every attempt against a down center for the whole timeout and retried on the client's schedule instead of
    /// `run()`'s jittered backoff. Never shut down, like the shared client, since it lives as long as the process.
    public static let defaultClient: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    public init(queue: EventQueue, configuration: UplinkConfiguration, client: HTTPClient = Uplink.defaultClient,
                logger: Logger = Logger(label: "kiosk.uplink")) {
        self.queue = queue
        self.configuration = configuration
        self.client = client
        self.logger = logger
        self.batchSize = configuration.batchSize
    }

    /// Uploads until the queue is empty. Returns how many events the center acknowledged.
    @discardableResult
    public func drain() async throws -> Int {
        var acknowledged = 0
        while true {
            let batch = try queue.pending(limit: batchSize)
            guard let last = batch.last else { return acknowledged }
            do {
                let ack = try await post(EventBatch(kiosk: configuration.kioskID, events: batch))
                // An answer that covers none of the batch would make this loop resend it for ever.
                guard ack.ackedThrough >= batch[0].seq else {
                    throw UplinkError(status: 200, message: "center acknowledged through \(ack.ackedThrough), "
                                      + "below the batch's first sequence \(batch[0].seq)")
                }
                // Never delete past what this batch held, whatever the center claims.
                try queue.acknowledge(through: min(ack.ackedThrough, last.seq))
                acknowledged += batch.count
                consecutiveFailures = 0
            } catch let error as UplinkError where error.status == 413 && batchSize > 1 {
                batchSize = max(1, batchSize / 2)
                logger.warning("center refused a batch as too large; trying \(batchSize) events per batch")
            }
        }
    }

    /// Drains every interval until cancelled; after a failure waits a random time up to an exponentially
    /// growing, capped bound (full jitter), so a fleet coming back online does not hit the center at once.
    public func run() async {
        while !Task.isCancelled {
            var wait = configuration.interval
            do {
                try await drain()
            } catch {
                consecutiveFailures += 1
                wait = backoff(afterFailures: consecutiveFailures)
                logger.warning("upload failed (\(consecutiveFailures) in a row): \(error); retrying within \(wait)")
            }
            try? await Task.sleep(for: wait)
        }
    }

    func backoff(afterFailures failures: Int) -> Duration {
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        // The cap keeps its fraction of a second: whole seconds alone made a cap under 1 s into 0, and run()
        // then retried a down center with no pause at all.
        let bound = min(seconds(configuration.maximumBackoff),
                        seconds(configuration.interval) * pow(2, Double(min(failures, 30))))
        return .milliseconds(Int64(Double.random(in: 0...bound) * 1000))
    }

    private func post(_ batch: EventBatch) async throws -> IngestAck {
        var url = configuration.centerURL
        while url.hasSuffix("/") { url.removeLast() }
        var request = HTTPClientRequest(url: url + "/api/v1/events")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer \(configuration.secret)")
        request.body = .bytes(ByteBuffer(data: try JSONEncoder().encode(batch)))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .seconds(30))
        } catch {
            throw UplinkError(status: nil, message: "cannot reach \(url): \(error)")
        }
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status.code == 200 else {
            throw UplinkError(status: Int(response.status.code), message: String(buffer: body))
        }
        do {
            return try JSONDecoder().decode(IngestAck.self, from: body)
        } catch {
            throw UplinkError(status: 200, message: "unreadable acknowledgement: \(error)")
        }
    }
}
