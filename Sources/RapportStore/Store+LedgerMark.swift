internal import GRDB
public import RapportCore

/// Where the ledger stood at one moment, for `Store.ledger(changedSince:)`.
public struct LedgerMark: Sendable {
    /// Rows after this id were written later.
    let lastID: Int64
    /// Rows not final then — queued, in flight, retrying, deferred — which may have moved on since.
    let openIDs: [Int64]
}

extension Store {
    public func ledgerMark() throws(StoreError) -> LedgerMark {
        try perform {
            try engine.read { db in
                LedgerMark(
                    lastID: try db.fetchOne(Int64.self, sql: "SELECT MAX(id) FROM deliveries") ?? 0,
                    openIDs: try db.fetchAll(
                        Int64.self, sql: "SELECT id FROM deliveries WHERE status IN \(Self.openStatuses)"))
            }
        }
    }

    /// What was decided since `mark`: rows written since, and rows open then that have reached a
    /// final status (sent, skipped, expired, …) since, in the order they were decided — by when
    /// they finished, else when they were written. A row still open is listed only if new.
    public func ledger(changedSince mark: LedgerMark) throws(StoreError) -> [LedgerEntry] {
        let query = Self.changes(since: mark, dialect: dialect)
        return try entries(sql: query.sql, arguments: query.arguments)
    }

    /// `ledger(changedSince:)` one row at a time, for listings too long to hold.
    public func forEachEntry(changedSince mark: LedgerMark, _ body: (LedgerEntry) -> Void) throws(StoreError) {
        let query = Self.changes(since: mark, dialect: dialect)
        try forEachEntry(sql: query.sql, arguments: query.arguments, body)
    }

    private static func changes(since mark: LedgerMark, dialect: StoreDialect) -> (
        sql: String, arguments: StoreArguments
    ) {
        (
            """
            SELECT * FROM deliveries
            WHERE id > ?
               OR (id IN (\(dialect.idsOfJSONArray)) AND status NOT IN \(openStatuses))
            ORDER BY COALESCE(finished_at, created_at), id
            """,
            [mark.lastID, "[" + mark.openIDs.map(String.init).joined(separator: ",") + "]"]
        )
    }

    private static let openStatuses = "('queued', 'sending', 'retrying', 'deferred')"
}
