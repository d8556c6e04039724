internal import GRDB
internal import Logging
internal import NIOCore
internal import PostgresNIO

/// A transaction's statements on one PostgreSQL connection, each waited for on the calling
/// thread (never an event loop's, never the task pool's: see `StoreEngine`).
final class PostgresSession: StoreSession {
    let connection: PostgresConnection
    let logger: Logger
    private(set) var changesCount = 0
    /// Each row is rebuilt from a dictionary of its cells, whose order is not kept.
    let rowsShareColumnOrder = false

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    func execute(sql: String, arguments: StoreArguments) throws {
        changesCount = try run(sql, arguments).metadata.rows ?? 0
    }

    func fetchAll(sql: String, arguments: StoreArguments) throws -> [Row] {
        let result = try run(sql, arguments)
        changesCount = result.metadata.rows ?? 0
        return try result.rows.map(PostgresValues.row)
    }

    func forEachRow(sql: String, arguments: StoreArguments, _ body: (Row) throws -> Void) throws {
        for row in try run(sql, arguments).rows {
            try body(try PostgresValues.row(row))
        }
    }

    func inSavepoint(_ body: () throws -> Void) throws {
        try execute(sql: "SAVEPOINT request")
        do {
            try body()
            try execute(sql: "RELEASE SAVEPOINT request")
        } catch {
            try execute(sql: "ROLLBACK TO SAVEPOINT request")
            try execute(sql: "RELEASE SAVEPOINT request")
            throw error
        }
    }

    private func run(_ sql: String, _ arguments: StoreArguments) throws -> PostgresQueryResult {
        let query = PostgresQuery(
            unsafeSQL: PostgresPlaceholders.numbered(sql), binds: PostgresValues.bindings(arguments))
        return try connection.query(query, logger: logger).wait()
    }
}
