import Dispatch

extension Store {
    /// Runs `body` on a background thread and suspends until it returns, for callers on Swift's
    /// cooperative pool such as HTTP handlers.
    ///
    /// The store's calls block: a write waits its turn for SQLite's one writer, up to the busy
    /// timeout. Called straight from a task, each waiting request would hold one of the pool's few
    /// threads (one per core) that the scheduler, the delivery workers and every other request
    /// share, so a burst of ingest would stall them all.
    public func inBackground<T: Sendable>(_ body: @escaping @Sendable (Store) throws(StoreError) -> T)
        async throws(StoreError) -> T
    {
        let result = await withCheckedContinuation {
            (continuation: CheckedContinuation<Result<T, StoreError>, Never>) in
            DispatchQueue.global().async {
                do throws(StoreError) {
                    continuation.resume(returning: .success(try body(self)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
