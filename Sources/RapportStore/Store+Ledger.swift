public import Foundation
internal import GRDB
public import RapportCore

extension Store {
    /// Writes each decision's first ledger row — `queued` for a worker, `deferred` until its time,
    /// `skipped` or `expired` with the reason — in one transaction. Returns, per decision, whether
    /// it was new: false when the occurrence already had a row because another tick or daemon
    /// decided it. The unique (campaign, customer, occurrence) key, not timing, makes sure each
    /// occurrence is decided once.
    public func record(_ decisions: [Decision], transport: String, at now: Date) throws(StoreError) -> [Bool] {
        guard !decisions.isEmpty else { return [] }
        return try perform {
            try engine.write { db in
                // GRDB writes a date through ICU's formatter: `now`, in most rows three times, once.
                let stamp = now.databaseValue
                func value(_ date: Date?) -> DatabaseValue {
                    date.map { $0 == now ? stamp : $0.databaseValue } ?? .null
                }
                // An erased customer imported again keeps its past occurrences, under its pseudonym.
                // Asked once per batch: a store without erasures pays nothing more per decision.
                let anyErased = try db.fetchOne(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM erasures)") == true
                var pseudonyms: [String: String?] = [:]
                var rows: [(index: Int, key: RowKey, values: StoreArguments)] = []
                for (index, decision) in decisions.enumerated() {
                    if anyErased, pseudonyms[decision.customerID] == nil {
                        pseudonyms[decision.customerID] = try Self.erasedPseudonym(of: decision.customerID, in: db)
                    }
                    if let pseudonym = pseudonyms[decision.customerID] ?? nil,
                        try db.fetchOne(
                            Bool.self,
                            sql:
                                "SELECT EXISTS (SELECT 1 FROM deliveries WHERE campaign_id = ? AND customer_id = ? AND occurrence = ?)",
                            arguments: [decision.campaignID, pseudonym, decision.occurrence.rawValue]) == true
                    {
                        continue
                    }
                    let (status, reason, notBefore, finished) = decision.action.ledgerRow(at: now)
                    rows.append(
                        (
                            index, RowKey(decision),
                            [
                                decision.campaignID, decision.customerID, decision.occurrence.rawValue, status.rawValue,
                                transport, stamp, reason, value(notBefore), value(finished),
                                status == .queued ? stamp : nil,
                            ]
                        ))
                }
                var isNew = Array(repeating: false, count: decisions.count)
                if dialect == .sqlite {
                    // One prepared statement, run per row: SQLite has no round trip to save.
                    let insert = Self.insertDecisions(1)
                    for row in rows {
                        try db.execute(sql: insert, arguments: row.values)
                        isNew[row.index] = db.changesCount > 0
                    }
                } else {
                    // A few hundred rows per statement: each statement is a round trip to the server.
                    for start in stride(from: 0, to: rows.count, by: 500) {
                        let chunk = rows[start..<min(start + 500, rows.count)]
                        var added = Set(
                            try db.fetchAll(
                                sql: Self.insertDecisions(chunk.count)
                                    + " RETURNING campaign_id, customer_id, occurrence",
                                arguments: chunk.reduce(StoreArguments()) { $0 + $1.values }
                            ).map(RowKey.init))
                        for row in chunk where added.remove(row.key) != nil { isNew[row.index] = true }
                    }
                }
                return isNew
            }
        }
    }

    /// The insert of `count` decisions' first ledger rows, each skipped when its occurrence has one.
    private static func insertDecisions(_ count: Int) -> String {
        let row = "(" + placeholders(10) + ")"
        return """
            INSERT INTO deliveries (campaign_id, customer_id, occurrence, status, transport, created_at,
                reply, not_before, finished_at, queued_at)
            VALUES \(Array(repeating: row, count: count).joined(separator: ", "))
            ON CONFLICT (campaign_id, customer_id, occurrence) DO NOTHING
            """
    }

    /// `record` for one decision.
    public func record(_ decision: Decision, transport: String, at now: Date) throws(StoreError) -> Bool {
        try record([decision], transport: transport, at: now)[0]
    }

    /// Deferred occurrences whose time has come, oldest first.
    public func dueDeferrals(at now: Date) throws(StoreError) -> [LedgerEntry] {
        // Runs every tick: the partial index on deferred rows answers it without a scan.
        try entries(
            sql: "SELECT * FROM deliveries WHERE status = 'deferred' AND not_before <= ? ORDER BY created_at, id",
            arguments: [now])
    }

    /// Moves a deferred occurrence on as `decision` says: queued, deferred again, skipped or
    /// expired. Returns false if another tick moved it first.
    public func resume(_ decision: Decision, at now: Date) throws(StoreError) -> Bool {
        let (status, reason, notBefore, finished) = decision.action.ledgerRow(at: now)
        return try perform {
            try engine.write { db in
                try db.execute(
                    sql: """
                        UPDATE deliveries SET status = ?, reply = COALESCE(?, reply), not_before = ?, finished_at = ?,
                            queued_at = ?
                        WHERE campaign_id = ? AND customer_id = ? AND occurrence = ? AND status = 'deferred'
                        """,
                    arguments: [
                        status.rawValue, reason, notBefore, finished, status == .queued ? now : nil,
                        decision.campaignID, decision.customerID, decision.occurrence.rawValue,
                    ])
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

    /// Each customer's latest message of this campaign that its cooldown counts: sent, on its way
    /// or deferred (`CooldownMark.counted`).
    public func lastDelivery(of campaignID: String, for customerIDs: [String]) throws(StoreError)
        -> [String: CooldownMark]
    {
        var latest: [String: CooldownMark] = [:]
        for (customerID, marks) in try cooldownMarks(of: campaignID, for: customerIDs) {
            for mark in marks.values {
                if let known = latest[customerID], known.at >= mark.at { continue }
                latest[customerID] = mark
            }
        }
        return latest
    }

    /// Every message of this campaign its cooldown counts, per customer and occurrence: a preview
    /// needs them all, since one it carries forward (a deferral it resumes) may stop counting.
    public func cooldownMarks(of campaignID: String, for customerIDs: [String]) throws(StoreError)
        -> [String: [OccurrenceKey: CooldownMark]]
    {
        let rows = try deliveryRows(
            select: "customer_id, occurrence, created_at, status, not_before", of: campaignID, for: customerIDs,
            statuses: CooldownMark.counted.map(\.rawValue), groupedByCustomer: false)
        var marks: [String: [OccurrenceKey: CooldownMark]] = [:]
        for row in rows {
            marks[row["customer_id"], default: [:]][OccurrenceKey(rawValue: row["occurrence"])] = CooldownMark(
                at: row["created_at"], status: DeliveryStatus(rawValue: row["status"]) ?? .sent,
                notBefore: row["not_before"])
        }
        return marks
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
        for slice in Self.parameterSlices(customerIDs) {
            let placeholders = slice.map { _ in "?" }.joined(separator: ", ")
            let sql = """
                SELECT \(columns) FROM deliveries
                WHERE campaign_id = ?\(statusClause) AND customer_id IN (\(placeholders))\(groupedByCustomer ? " GROUP BY customer_id" : "")
                """
            rows += try perform {
                try engine.read { db in
                    try db.fetchAll(sql: sql, arguments: StoreArguments([campaignID] + slice))
                }
            }
        }
        return rows
    }

    /// When each of these customers was handed messages of these campaigns since `since`: what a
    /// frequency cap counts. Customers with none are left out.
    public func recentSends(customerIDs: [String], campaignIDs: [String], since: Date) throws(StoreError) -> [String:
        [Date]]
    {
        guard !campaignIDs.isEmpty else { return [:] }
        var sends: [String: [Date]] = [:]
        for slice in Self.parameterSlices(customerIDs) {
            let rows = try perform {
                try engine.read { db in
                    try db.fetchAll(
                        sql: """
                            SELECT customer_id, COALESCE(last_attempt_at, created_at) AS sent_at FROM deliveries
                            WHERE customer_id IN (\(slice.map { _ in "?" }.joined(separator: ", ")))
                              AND status IN ('queued', 'sending', 'retrying', 'sent')
                              AND campaign_id IN (\(campaignIDs.map { _ in "?" }.joined(separator: ", ")))
                              AND COALESCE(last_attempt_at, created_at) >= ?
                            """,
                        arguments: StoreArguments(slice) + StoreArguments(campaignIDs) + [since])
                }
            }
            for row in rows { sends[row["customer_id"], default: []].append(row["sent_at"]) }
        }
        return sends
    }

    /// Ledger rows, newest first.
    public func ledger(_ filter: LedgerFilter) throws(StoreError) -> [LedgerEntry] {
        var conditions: [String] = []
        var arguments = StoreArguments()
        if let campaignID = filter.campaignID {
            conditions.append("campaign_id = ?")
            arguments.append(contentsOf: [campaignID])
        }
        if let customerID = filter.customerID {
            conditions.append("customer_id = ?")
            arguments.append(contentsOf: [customerID])
        }
        if let status = filter.status {
            conditions.append("status = ?")
            arguments.append(contentsOf: [status.rawValue])
        }
        if let since = filter.since {
            conditions.append("created_at >= ?")
            arguments.append(contentsOf: [since])
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let limitClause = filter.limit.map { " LIMIT \($0)" } ?? ""
        let sql = "SELECT * FROM deliveries \(whereClause) ORDER BY created_at DESC, id DESC\(limitClause)"
        return try entries(sql: sql, arguments: arguments)
    }

    func entries(sql: String, arguments: StoreArguments) throws(StoreError) -> [LedgerEntry] {
        var entries: [LedgerEntry] = []
        try forEachEntry(sql: sql, arguments: arguments) { entries.append($0) }
        return entries
    }

    /// Hands over one row at a time, never holding the result: a month's preview of a large
    /// store lists about a million.
    func forEachEntry(sql: String, arguments: StoreArguments, _ body: (LedgerEntry) -> Void) throws(StoreError) {
        try perform {
            try engine.read { db in
                try db.forEachRow(sql: sql, arguments: arguments) { row in
                    body(
                        LedgerEntry(
                            campaignID: row["campaign_id"], customerID: row["customer_id"],
                            occurrence: OccurrenceKey(rawValue: row["occurrence"]),
                            status: DeliveryStatus(rawValue: row["status"]) ?? .failed, recipient: row["recipient"],
                            subject: row["subject"], messageID: row["message_id"], transport: row["transport"],
                            attempts: row["attempts"], createdAt: row["created_at"],
                            lastAttemptAt: row["last_attempt_at"], finishedAt: row["finished_at"], reply: row["reply"],
                            notBefore: row["not_before"],
                            channelAttempts: (row["channel_attempts"] as String?)?.split(separator: "\n").map(
                                String.init)))
                }
            }
        }
    }
}

/// A ledger row's unique key (campaign, customer, occurrence), to match the rows an insert
/// reports back to the decisions that made them.
private struct RowKey: Hashable {
    let campaignID: String
    let customerID: String
    let occurrence: String

    init(_ decision: Decision) {
        campaignID = decision.campaignID
        customerID = decision.customerID
        occurrence = decision.occurrence.rawValue
    }

    init(_ row: Row) {
        campaignID = row["campaign_id"]
        customerID = row["customer_id"]
        occurrence = row["occurrence"]
    }
}
