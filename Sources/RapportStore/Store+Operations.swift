internal import GRDB

/// What monitoring asks of the store.
extension Store {
    /// Whether the store answers: what `/healthz` checks.
    public func isReachable() -> Bool {
        (try? writer.read { try Int.fetchOne($0, sql: "SELECT 1") }) == 1
    }

    /// Messages waiting for a worker (queued or due for a retry), for the queue-depth metric.
    public func queueDepth() throws(StoreError) -> Int {
        try perform {
            try writer.read {
                try Int.fetchOne($0, sql: DeliveryQueueSQL.depth) ?? 0
            }
        }
    }
}
