import Foundation
internal import GRDB

/// The embedded default: one SQLite file, one writer at a time (so every write transaction is
/// serial), readers on WAL snapshots.
struct SQLiteEngine: StoreEngine {
    let writer: any DatabaseWriter
    let location: String

    var dialect: StoreDialect { .sqlite }

    func read<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try writer.read { try body($0) }
    }

    func write<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try writer.write { try body($0) }
    }

    func claim<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try writer.write { try body($0) }
    }

    /// A lock file beside the store (`rapport.sqlite-admission.lock`): daemons sharing an SQLite
    /// file share its folder. A store held in memory (nothing imported yet) needs none.
    func exclusively<T>(_ name: String, _ body: () throws -> T) throws -> T {
        guard writer is DatabasePool else { return try body() }
        return try SQLiteLockFile.holding(location, named: name, body)
    }

    func erasingWrite<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            defer { try? db.execute(sql: "PRAGMA secure_delete = OFF") }
            var result: T?
            try db.inTransaction {
                result = try body(db)
                return .commit
            }
            _ = try? db.checkpoint(.truncate)
            return result!
        }
    }
}

/// Statements are prepared once per connection and kept (GRDB's statement cache): a tick runs
/// the same insert for thousands of decisions.
extension Database: StoreSession {
    func execute(sql: String, arguments: StoreArguments) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments.statementArguments)
    }

    func fetchAll(sql: String, arguments: StoreArguments) throws -> [Row] {
        try Row.fetchAll(cachedStatement(sql: sql), arguments: arguments.statementArguments)
    }

    func forEachRow(sql: String, arguments: StoreArguments, _ body: (Row) throws -> Void) throws {
        let rows = try Row.fetchCursor(cachedStatement(sql: sql), arguments: arguments.statementArguments)
        while let row = try rows.next() { try body(row) }
    }

    var rowsShareColumnOrder: Bool { true }

    func inSavepoint(_ body: () throws -> Void) throws {
        try inSavepoint {
            try body()
            return .commit
        }
    }
}
