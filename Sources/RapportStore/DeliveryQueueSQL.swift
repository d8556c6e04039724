/// The delivery queue's reads, each pinned (`INDEXED BY`) to a partial index that holds only the
/// rows it looks for — `deliveries_queue` (queued and retrying, by `not_before`) and
/// `deliveries_leases` (sending, by `lease_expires_at`) — so their cost follows the queue, never
/// the ledger of finished messages. Left to itself the planner takes the campaign index
/// (`campaign_id IN (…)` matches its first column) and walks every row a campaign ever had.
/// `DeliveryQueuePlanTests` reads their query plans. PostgreSQL has no `INDEXED BY` and plans
/// the same partial indexes unprompted; its claim takes the rows `FOR UPDATE SKIP LOCKED`, so
/// workers of several daemons each take other rows.
enum DeliveryQueueSQL {
    /// Binds `?1` now, `?2…` the campaign ids, then the limit. Queued and retrying rows whose time
    /// has come and sending rows whose lease ran out, in one order: `not_before`, then `id`.
    static func claim(campaigns: Int, dialect: StoreDialect) -> String {
        let list = (2..<(2 + campaigns)).map { "?\($0)" }.joined(separator: ", ")
        let limit = "?\(2 + campaigns)"
        let columns = """
            id, campaign_id, customer_id, occurrence, transport, channel, attempts,
                COALESCE(queued_at, created_at) AS queued_at, status, not_before
            """
        if dialect == .postgres {
            return """
                SELECT \(columns) FROM deliveries
                WHERE ((status IN ('queued', 'retrying') AND not_before <= ?1)
                    OR (status = 'sending' AND lease_expires_at <= ?1)) AND campaign_id IN (\(list))
                ORDER BY not_before, id LIMIT \(limit)\(dialect.skipLocked)
                """
        }
        return """
            SELECT * FROM (
                SELECT \(columns) FROM deliveries INDEXED BY deliveries_queue
                WHERE status IN ('queued', 'retrying') AND not_before <= ?1 AND campaign_id IN (\(list))
                ORDER BY not_before, id LIMIT \(limit))
            UNION ALL
            SELECT * FROM (
                SELECT \(columns) FROM deliveries INDEXED BY deliveries_leases
                WHERE status = 'sending' AND lease_expires_at <= ?1 AND campaign_id IN (\(list))
                ORDER BY not_before, id LIMIT \(limit))
            ORDER BY not_before, id LIMIT \(limit)
            """
    }

    /// The earliest `not_before` of a queued or retrying row of the campaigns (`?` each).
    static func nextQueued(campaigns: Int, dialect: StoreDialect) -> String {
        """
        SELECT not_before AS due FROM deliveries\(dialect.indexedBy("deliveries_queue"))
        WHERE status IN ('queued', 'retrying') AND campaign_id IN (\(Store.placeholders(campaigns)))
        ORDER BY not_before LIMIT 1
        """
    }

    /// The earliest lease expiry of a sending row of the campaigns (`?` each).
    static func nextLeaseExpiry(campaigns: Int, dialect: StoreDialect) -> String {
        """
        SELECT lease_expires_at AS due FROM deliveries\(dialect.indexedBy("deliveries_leases"))
        WHERE status = 'sending' AND campaign_id IN (\(Store.placeholders(campaigns)))
        ORDER BY lease_expires_at LIMIT 1
        """
    }

    /// Messages waiting for a worker.
    static func depth(dialect: StoreDialect) -> String {
        """
        SELECT COUNT(*) FROM deliveries\(dialect.indexedBy("deliveries_queue")) WHERE status IN ('queued', 'retrying')
        """
    }
}
