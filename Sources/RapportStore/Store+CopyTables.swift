import Foundation
internal import GRDB

/// One table of a store copied into another: the rows read and the rows the copy holds after.
public struct CopiedTable: Sendable, Equatable {
    public var table: String
    public var source: Int
    public var destination: Int
}

extension Store {
    /// The tables a store holds, parents before the tables that refer to them.
    static let tables = [
        "customers", "events", "deliveries", "campaign_evaluations", "suppressions", "nps_answers", "message_events",
        "ingest_requests", "zns_tokens", "consent_changes", "nps_link_fetches", "erasures", "erasure_salt",
    ]

    /// Copies every row of every table into `destination`, an empty store of either engine, and
    /// counts each table on both sides after. The erasure salt goes with the rows, so pseudonyms
    /// made before the copy still match after it. Reads one snapshot of this store; writes each
    /// table in transactions of a few hundred rows.
    public func copyTables(to destination: Store, progress: (String, Int) -> Void = { _, _ in }) throws(StoreError)
        -> [CopiedTable]
    {
        let occupied = try destination.perform {
            try destination.engine.read { db in
                try Self.tables.filter { $0 != "erasure_salt" }.first {
                    try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM (SELECT 1 FROM \($0) LIMIT 1) AS t") != 0
                }
            }
        }
        if let occupied {
            throw StoreError(
                path: destination.path, message: "it already holds \(occupied); copy into an empty store only")
        }
        try destination.perform { try destination.engine.write { try $0.execute(sql: "DELETE FROM erasure_salt") } }
        return try perform {
            try engine.read { db in
                try Self.tables.map { table in
                    var batch: [Row] = []
                    var copied = 0
                    func flush() throws {
                        guard let first = batch.first else { return }
                        try destination.insert(batch, columns: Array(first.columnNames), into: table)
                        copied += batch.count
                        progress(table, copied)
                        batch.removeAll(keepingCapacity: true)
                    }
                    try db.forEachRow(sql: "SELECT * FROM \(table)", arguments: []) { row in
                        batch.append(row.copy())
                        if batch.count == 500 { try flush() }
                    }
                    try flush()
                    let count = try destination.perform {
                        try destination.engine.read { try $0.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM \(table)") }
                    }
                    return CopiedTable(table: table, source: copied, destination: count ?? 0)
                }
            }
        }
    }

    /// Inserts rows of one table in one transaction, ids as they were; a PostgreSQL identity
    /// then goes on after the largest id copied.
    private func insert(_ rows: [Row], columns: [String], into table: String) throws(StoreError) {
        let row = "(" + Self.placeholders(columns.count) + ")"
        let sql = """
            INSERT INTO \(table) (\(columns.joined(separator: ", ")))
            VALUES \(Array(repeating: row, count: rows.count).joined(separator: ", "))
            """
        var arguments = StoreArguments()
        for row in rows {
            for column in columns { arguments.append(row[column] as DatabaseValue) }
        }
        try perform {
            try engine.write { db in
                try db.execute(sql: sql, arguments: arguments)
                if dialect == .postgres, columns.contains("id"), table != "customers" {
                    try db.execute(
                        sql: "SELECT setval(pg_get_serial_sequence('\(table)', 'id'), (SELECT MAX(id) FROM \(table)))")
                }
            }
        }
    }
}
