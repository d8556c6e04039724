internal import GRDB

/// What monitoring asks of the store.
extension Store {
    /// Whether the store answers: what `/healthz` checks.
    public func isReachable() -> Bool {
        (try? engine.read { try $0.fetchOne(Int.self, sql: "SELECT 1") }) == 1
    }

    /// Messages waiting for a worker (queued or due for a retry), for the queue-depth metric.
    public func queueDepth() throws(StoreError) -> Int {
        try perform {
            try engine.read {
                try $0.fetchOne(Int.self, sql: DeliveryQueueSQL.depth(dialect: dialect)) ?? 0
            }
        }
    }
}
