import Foundation
import RapportCore
import RapportStore
import RapportTestSupport
import Testing

/// Group commit: many requests at once share transactions, and each is still its own — applied
/// whole or rejected alone, replayed under its idempotency key — and visible to another
/// connection by the time its caller resumes.
@Suite struct IngestQueueTests {
    let now = Timestamp.parse("2026-11-23T09:00:00+07:00")!

    @Test func concurrentRequestsAreEachAppliedAloneAndVisibleWhenAnswered() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("rapport.sqlite")
        let store = try Store(path: path)
        let count = 300
        _ = try store.upsert(
            (0..<count).map { index in
                var patch = CustomerPatch(id: "C\(index)")
                patch.email = "c\(index)@example.vn"
                return patch
            }, at: now)
        let queue = IngestQueue(store: store, batchLimit: 16)
        let now = now
        let results = try await withThrowingTaskGroup(of: (Int, IngestResult, Int).self) { group in
            for index in 0..<count {
                group.addTask {
                    // Every 50th names a customer the store does not know; the first five are one
                    // request sent five times under one key.
                    let shared = index < 5
                    let customer = index % 50 == 7 ? "X\(index)" : shared ? "C0" : "C\(index)"
                    let request = IngestRequest(
                        change: .events([
                            CustomerEvent(
                                customerID: customer, kind: "activity", occurredAt: now,
                                externalID: shared ? "e0" : "e\(index)")
                        ]),
                        client: "shop",
                        idempotency: shared ? IdempotencyClaim(client: "shop", key: "k", fingerprint: "f") : nil,
                        receivedAt: now
                    ) { summary in IngestReply(status: 200, body: "\(summary.eventsRecorded)") }
                    let result = try await queue.ingest(request)
                    // Answered means committed: another connection sees it at once.
                    let seen = try Store(path: path, access: .readOnly).eventCount(customerID: customer)
                    return (index, result, seen)
                }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = ($1.1, $1.2) }
        }
        #expect(results.count == count)
        let rejected = results.filter { if case .rejected = $0.value.0 { true } else { false } }
        let applied = results.filter { if case .applied = $0.value.0 { true } else { false } }
        let replayed = results.filter { if case .replayed = $0.value.0 { true } else { false } }
        #expect(rejected.keys.sorted() == Array(stride(from: 7, to: count, by: 50)))
        #expect(replayed.count == 4, "one of the five under key k is applied, the others get its answer")
        #expect(replayed.keys.allSatisfy { $0 < 5 } && applied.count == count - rejected.count - 4)
        #expect(applied.values.allSatisfy { $0.1 == 1 } && replayed.values.allSatisfy { $0.1 == 1 })
        #expect(rejected.values.allSatisfy { $0.1 == 0 })
        let stored = try (0..<count).map { try store.eventCount(customerID: "C\($0)") }.reduce(0, +)
        #expect(stored == applied.count)
    }
}
