import KioskTestSupport
import Foundation
import KioskContent
import KioskCore
import KioskStorage
import Testing

@Suite struct ContentBundleTests {
    @Test func aBundleHoldsExactlyTheContentItWasBuiltFrom() throws {
        let content = try ContentLoader.load(directory: Paths.content)
        let path = try Paths.temporaryDirectory().appendingPathComponent("content.sqlite").path
        try ContentBundle.write(content, to: path)
        #expect(try ContentBundle.read(from: path) == content)
    }

    @Test func aTruncatedBundleIsRefusedWithItsPath() throws {
        let content = try ContentLoader.load(directory: Paths.content)
        let path = try Paths.temporaryDirectory().appendingPathComponent("content.sqlite").path
        try ContentBundle.write(content, to: path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(data.count / 3).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: BundleError.self) { try ContentBundle.read(from: path) }
        #expect(error.path == path)
    }

    @Test func aMissingBundleSaysSo() throws {
        let error = try #require(throws: BundleError.self) { try ContentBundle.read(from: "/nonexistent/c.sqlite") }
        #expect(error.description.contains("no content bundle"))
    }
}

@Suite struct EventQueueTests {
    func event(_ n: Int) -> UsageEvent { UsageEvent(kind: .step, atMillis: Int64(n), visit: "v", flow: "f", node: "n\(n)") }

    @Test func sequencesStrictlyIncreaseEvenAfterAcknowledgementAndReopening() throws {
        let path = try Paths.temporaryDirectory().appendingPathComponent("events.sqlite").path
        var sequences: [Int64] = []
        do {
            let queue = try EventQueue(path: path)
            for n in 1...5 { sequences.append(try queue.append(event(n))) }
            try queue.acknowledge(through: sequences[4])
            #expect(try queue.count() == 0)
        }
        let reopened = try EventQueue(path: path)
        sequences.append(try reopened.append(event(6)))
        #expect(sequences == sequences.sorted())
        #expect(Set(sequences).count == sequences.count)
        #expect(try reopened.pending(limit: 10).map(\.seq) == [sequences[5]])
    }

    @Test func pendingReturnsTheOldestFirstAndAcknowledgeKeepsTheRest() throws {
        let queue = try EventQueue(path: try Paths.temporaryDirectory().appendingPathComponent("q.sqlite").path)
        for n in 1...10 { try queue.append(event(n)) }
        let firstBatch = try queue.pending(limit: 4)
        #expect(firstBatch.map(\.event.node) == ["n1", "n2", "n3", "n4"])
        try queue.acknowledge(through: firstBatch.last!.seq)
        #expect(try queue.pending(limit: 100).map(\.event.node) == (5...10).map { "n\($0)" })
    }
}
