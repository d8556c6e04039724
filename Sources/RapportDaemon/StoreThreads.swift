import Dispatch

/// Where the daemon's store-bound work runs: Dispatch's threads, not Swift's task pool.
///
/// The store's calls block their thread — SQLite waiting its turn for the one writer, PostgreSQL
/// waiting for the server's answer — and the task pool has one thread per core, shared with the
/// HTTP service. Delivery workers and the scheduler's tick run with this executor preferred, so
/// their waits hold a Dispatch thread (Dispatch adds threads as they block), and the pool stays
/// free for requests: the same place the HTTP handlers send their store calls
/// (`Store.inBackground`).
final class StoreThreads: TaskExecutor {
    static let shared = StoreThreads()

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        DispatchQueue.global().async { job.runSynchronously(on: executor) }
    }
}
