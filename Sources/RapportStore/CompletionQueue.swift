import Dispatch
import Synchronization

/// A claim's outcome on its way to the ledger: the arguments of `Store.complete(_:)`'s update.
struct Completion: Sendable {
    var arguments: StoreArguments
}

/// Lets delivery workers' outcomes share write transactions (group commit), as `IngestQueue`
/// does for ingest: while one transaction is written, the outcomes that arrive wait together,
/// and the next transaction takes them all. No timer: alone, an outcome is written at once.
///
/// Each caller returns only once the transaction holding its outcome has committed, so a worker
/// never sends its next message before the last one is recorded: a crash still leaves at most
/// one message per worker sent but unrecorded. The store's calls block their thread (see
/// `StoreEngine`), and so does this one: the first caller to find no transaction under way writes
/// on its own thread, the others sleep until theirs is written, and when more arrived meanwhile
/// the first of them writes the next, so no caller writes for others for longer than one
/// transaction.
final class CompletionQueue: Sendable {
    private final class Waiting: Sendable {
        let completion: Completion
        let result = Mutex<Result<Bool, StoreError>?>(nil)
        /// Signalled when the result is in, or when this caller is to write the next transaction.
        let wake = DispatchSemaphore(value: 0)

        init(_ completion: Completion) {
            self.completion = completion
        }
    }

    private struct Pending: ~Copyable {
        var waiting: [Waiting] = []
        var writing = false
    }

    private let pending = Mutex(Pending())
    /// The most outcomes one transaction takes, so the writer is never held for long.
    private let batchLimit = 256

    /// Writes `completion` in the next shared transaction and returns once that has committed.
    func complete(_ completion: Completion, in store: Store) throws(StoreError) -> Bool {
        let mine = Waiting(completion)
        let writes = pending.withLock { pending in
            pending.waiting.append(mine)
            defer { pending.writing = true }
            return !pending.writing
        }
        if !writes { mine.wake.wait() }
        if mine.result.withLock({ $0 == nil }) { write(in: store) }
        return try mine.result.withLock { $0! }.get()
    }

    /// Writes what waits, then wakes its callers and hands the writing to the first caller that
    /// came meanwhile, if any.
    private func write(in store: Store) {
        let batch = pending.withLock { pending in
            let batch = Array(pending.waiting.prefix(batchLimit))
            pending.waiting.removeFirst(batch.count)
            return batch
        }
        let results: [Result<Bool, StoreError>]
        do throws(StoreError) {
            results = try store.complete(batch.map(\.completion)).map { .success($0) }
        } catch {
            results = Array(repeating: .failure(error), count: batch.count)
        }
        for (waiting, result) in zip(batch, results) { waiting.result.withLock { $0 = result } }
        let next = pending.withLock { pending in
            if pending.waiting.isEmpty { pending.writing = false }
            return pending.waiting.first
        }
        for waiting in batch { waiting.wake.signal() }
        next?.wake.signal()
    }
}
