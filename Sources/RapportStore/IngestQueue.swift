import Dispatch
import Synchronization

/// Lets concurrent ingest requests share SQLite's one writer (group commit): while one
/// transaction is written, the requests that arrive wait together, and the next transaction
/// takes them all, each in its own savepoint (`Store.ingest(_:)`). No timer: alone, a request is
/// written at once; under load, a batch is what arrived during the previous write. Each caller
/// resumes only after the transaction holding its request has committed.
///
/// Writing happens on a background thread, as `Store.inBackground` does, so waiting for the
/// writer never holds a thread of the Swift task pool.
public final class IngestQueue: Sendable {
    private struct Waiting: Sendable {
        var request: IngestRequest
        var continuation: CheckedContinuation<Result<IngestResult, StoreError>, Never>
    }

    private struct Pending: ~Copyable {
        var waiting: [Waiting] = []
        var writing = false
    }

    private let store: Store
    private let pending = Mutex(Pending())
    /// The most requests one transaction takes, so the writer is never held for long.
    private let batchLimit: Int

    public init(store: Store, batchLimit: Int = 256) {
        self.store = store
        self.batchLimit = batchLimit
    }

    /// Applies the request in the next shared transaction and returns once that has committed.
    public func ingest(_ request: IngestRequest) async throws(StoreError) -> IngestResult {
        let result = await withCheckedContinuation { continuation in
            let startsWriting = pending.withLock { pending in
                pending.waiting.append(Waiting(request: request, continuation: continuation))
                defer { pending.writing = true }
                return !pending.writing
            }
            if startsWriting { DispatchQueue.global().async { self.writeWhileWaiting() } }
        }
        return try result.get()
    }

    /// Writes batches until nobody waits, then lets the next request start again.
    private func writeWhileWaiting() {
        while true {
            let batch = pending.withLock { pending in
                let batch = Array(pending.waiting.prefix(batchLimit))
                pending.waiting.removeFirst(batch.count)
                if batch.isEmpty { pending.writing = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            let results: [Result<IngestResult, StoreError>]
            do throws(StoreError) {
                results = try store.ingest(batch.map(\.request))
            } catch {
                results = Array(repeating: .failure(error), count: batch.count)
            }
            for (waiting, result) in zip(batch, results) { waiting.continuation.resume(returning: result) }
        }
    }
}
