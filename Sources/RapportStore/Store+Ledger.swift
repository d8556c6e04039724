public import Foundation
internal import GRDB
public import RapportCore

extension Store {
    /// Claims an occurrence by writing it as `sending` before any transport is called. Returns
    /// false when the occurrence already has a row: another tick or daemon owns it, so the
    /// caller must not send. The unique (campaign, customer, occurrence) key decides, not timing.
    public func claim(_ delivery: Delivery, transport: String, at now: Date) throws(StoreError) -> Bool {
        try insert(delivery, transport: transport, status: .sending, at: now)
    }

    /// Holds a due occurrence until its send window opens. Returns false when the occurrence
    /// already has a row.
    public func deferDelivery(
        _ delivery: Delivery, transport: String, until: Date, reason: String, at now: Date
    ) throws(StoreError) -> Bool {
        try insert(delivery, transport: transport, status: .deferred, reason: reason, notBefore: until, at: now)
    }

    /// The first row of an occurrence: `sending` counts as an attempt, `deferred` waits.
    private func insert(
        _ delivery: Delivery, transport: String, status: DeliveryStatus, reason: String? = nil, notBefore: Date? = nil,
        at now: Date
    ) throws(StoreError) -> Bool {
        let attempting = status == .sending
        return try perform {
            try writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO deliveries (campaign_id, customer_id, occurrence, status, recipient, subject,
                            message_id, transport, attempts, created_at, last_attempt_at, reply, not_before)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (campaign_id, customer_id, occurrence) DO NOTHING
                        """,
                    arguments: [
                        delivery.campaignID, delivery.customerID, delivery.occurrence.rawValue, status.rawValue,
                        delivery.message.to.address.value, delivery.message.subject,
                        delivery.message.messageID.description, transport, attempting ? 1 : 0, now,
                        attempting ? now : nil, reason, notBefore,
                    ])
                return db.changesCount > 0
            }
        }
    }

    /// Deferred occurrences whose time has come, oldest first.
    public func dueDeferrals(at now: Date) throws(StoreError) -> [LedgerEntry] {
        // Runs every tick: the partial index on deferred rows answers it without a scan.
        try entries(
            sql: "SELECT * FROM deliveries WHERE status = 'deferred' AND not_before <= ? ORDER BY created_at, id",
            arguments: [now])
    }

    /// Moves a deferred occurrence on: to `sending` (returns false if another tick took it), to
    /// `skipped`, or to a later `notBefore`.
    public func resume(
        _ key: LedgerKey, of campaignID: String, as status: DeliveryStatus, reason: String? = nil,
        notBefore: Date? = nil,
        at now: Date
    ) throws(StoreError) -> Bool {
        try perform {
            try writer.write { db in
                try db.execute(
                    sql: """
                        UPDATE deliveries SET status = ?, reply = COALESCE(?, reply), not_before = ?,
                            attempts = attempts + (CASE WHEN ? = 'sending' THEN 1 ELSE 0 END),
                            last_attempt_at = CASE WHEN ? = 'sending' THEN ? ELSE last_attempt_at END,
                            finished_at = CASE WHEN ? = 'skipped' THEN ? ELSE finished_at END
                        WHERE campaign_id = ? AND customer_id = ? AND occurrence = ? AND status = 'deferred'
                        """,
                    arguments: [
                        status.rawValue, reason, notBefore, status.rawValue, status.rawValue, now, status.rawValue, now,
                        campaignID, key.customerID, key.occurrence.rawValue,
                    ])
                return db.changesCount > 0
            }
        }
    }

    /// Records what the transport answered for a claimed occurrence.
    public func finish(
        _ delivery: Delivery, status: DeliveryStatus, reply: String, at now: Date
    ) throws(StoreError) {
        try perform {
            try writer.write { db in
                try db.execute(
                    sql: """
                        UPDATE deliveries SET status = ?, reply = ?, finished_at = ?
                        WHERE campaign_id = ? AND customer_id = ? AND occurrence = ?
                        """,
                    arguments: [
                        status.rawValue, reply, now, delivery.campaignID, delivery.customerID,
                        delivery.occurrence.rawValue,
                    ])
            }
        }
    }

    /// Records, once, a due occurrence that will not be sent (`skipped` or `expired`), with the reason.
    public func recordUnsent(
        campaignID: String, customerID: String, occurrence: OccurrenceKey, reason: String,
        status: DeliveryStatus, at now: Date
    ) throws(StoreError) -> Bool {
        try perform {
            try writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO deliveries (campaign_id, customer_id, occurrence, status, created_at, finished_at, reply)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (campaign_id, customer_id, occurrence) DO NOTHING
                        """,
                    arguments: [campaignID, customerID, occurrence.rawValue, status.rawValue, now, now, reason])
                return db.changesCount > 0
            }
        }
    }

    /// The occurrences of a campaign already in the ledger for these customers, whatever their
    /// status: evaluation leaves them out so a tick does not try to claim them again.
    public func recordedOccurrences(of campaignID: String, for customerIDs: [String]) throws(StoreError)
        -> Set<LedgerKey>
    {
        let rows = try deliveryRows(
            select: "customer_id, occurrence", of: campaignID, for: customerIDs, groupedByCustomer: false)
        return Set(
            rows.map { LedgerKey(customerID: $0["customer_id"], occurrence: OccurrenceKey(rawValue: $0["occurrence"])) }
        )
    }

    /// When each of these customers was last handed a message of this campaign (claimed or sent).
    public func lastDelivery(of campaignID: String, for customerIDs: [String]) throws(StoreError) -> [String: Date] {
        let rows = try deliveryRows(
            select: "customer_id, MAX(created_at) AS last", of: campaignID, for: customerIDs,
            statuses: ["sending", "sent"], groupedByCustomer: true)
        var latest: [String: Date] = [:]
        for row in rows { latest[row["customer_id"]] = row["last"] }
        return latest
    }

    /// Ledger rows of one campaign for many customers, asked in slices because SQLite limits
    /// the number of bound parameters.
    private func deliveryRows(
        select columns: String, of campaignID: String, for customerIDs: [String], statuses: [String] = [],
        groupedByCustomer: Bool
    ) throws(StoreError) -> [Row] {
        var rows: [Row] = []
        let statusClause =
            statuses.isEmpty ? "" : " AND status IN (\(statuses.map { "'\($0)'" }.joined(separator: ", ")))"
        for start in stride(from: 0, to: customerIDs.count, by: 500) {
            let slice = Array(customerIDs[start..<min(start + 500, customerIDs.count)])
            let placeholders = slice.map { _ in "?" }.joined(separator: ", ")
            let sql = """
                SELECT \(columns) FROM deliveries
                WHERE campaign_id = ?\(statusClause) AND customer_id IN (\(placeholders))\(groupedByCustomer ? " GROUP BY customer_id" : "")
                """
            rows += try perform {
                try writer.read { db in
                    try Row.fetchAll(db, sql: sql, arguments: StatementArguments([campaignID] + slice))
                }
            }
        }
        return rows
    }

    /// When this customer was handed messages of these campaigns since `since`: what a
    /// frequency cap counts.
    public func recentSends(customerID: String, campaignIDs: [String], since: Date) throws(StoreError) -> [Date] {
        guard !campaignIDs.isEmpty else { return [] }
        let placeholders = campaignIDs.map { _ in "?" }.joined(separator: ", ")
        return try perform {
            try writer.read { db in
                try Date.fetchAll(
                    db,
                    sql: """
                        SELECT COALESCE(last_attempt_at, created_at) AS sent_at FROM deliveries
                        WHERE customer_id = ? AND status IN ('sending', 'sent') AND campaign_id IN (\(placeholders))
                          AND COALESCE(last_attempt_at, created_at) >= ?
                        """,
                    arguments: StatementArguments([customerID] + campaignIDs + [since]))
            }
        }
    }

    /// Ledger rows, newest first.
    public func ledger(_ filter: LedgerFilter) throws(StoreError) -> [LedgerEntry] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let campaignID = filter.campaignID {
            conditions.append("campaign_id = ?")
            _ = arguments.append(contentsOf: [campaignID])
        }
        if let customerID = filter.customerID {
            conditions.append("customer_id = ?")
            _ = arguments.append(contentsOf: [customerID])
        }
        if let status = filter.status {
            conditions.append("status = ?")
            _ = arguments.append(contentsOf: [status.rawValue])
        }
        if let since = filter.since {
            conditions.append("created_at >= ?")
            _ = arguments.append(contentsOf: [since])
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let limitClause = filter.limit.map { " LIMIT \($0)" } ?? ""
        let sql = "SELECT * FROM deliveries \(whereClause) ORDER BY created_at DESC, id DESC\(limitClause)"
        return try entries(sql: sql, arguments: arguments)
    }

    private func entries(sql: String, arguments: StatementArguments) throws(StoreError) -> [LedgerEntry] {
        try perform {
            try writer.read { db in
                try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                    LedgerEntry(
                        campaignID: row["campaign_id"], customerID: row["customer_id"],
                        occurrence: OccurrenceKey(rawValue: row["occurrence"]),
                        status: DeliveryStatus(rawValue: row["status"]) ?? .failed, recipient: row["recipient"],
                        subject: row["subject"], messageID: row["message_id"], transport: row["transport"],
                        attempts: row["attempts"], createdAt: row["created_at"], lastAttemptAt: row["last_attempt_at"],
                        finishedAt: row["finished_at"], reply: row["reply"], notBefore: row["not_before"])
                }
            }
        }
    }
}
