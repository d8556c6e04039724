internal import GRDB

/// One connection inside a transaction, as every query of the store sees it, whichever engine
/// runs it.
///
/// GRDB's `Row` and `DatabaseValue` are the vocabulary for both engines,
/// so each query and the decoding of its rows are written once; the PostgreSQL session turns its
/// cells into the same values (see `PostgresValues`).
protocol StoreSession {
    func execute(sql: String, arguments: StoreArguments) throws
    /// Rows changed by the last `execute`.
    var changesCount: Int { get }
    func fetchAll(sql: String, arguments: StoreArguments) throws -> [Row]
    /// Calls `body` with each row as it is read, for selections too large to hold at once.
    func forEachRow(sql: String, arguments: StoreArguments, _ body: (Row) throws -> Void) throws
    /// Whether every row of one selection has its columns in the same positions, so positions
    /// worked out from the first row hold for the rest.
    var rowsShareColumnOrder: Bool { get }
    /// Runs `body` so that what it wrote is undone when it throws, and the transaction goes on.
    func inSavepoint(_ body: () throws -> Void) throws
}

extension StoreSession {
    func execute(sql: String) throws {
        try execute(sql: sql, arguments: [])
    }

    func fetchAll(sql: String) throws -> [Row] {
        try fetchAll(sql: sql, arguments: [])
    }

    func fetchOne(sql: String, arguments: StoreArguments = []) throws -> Row? {
        try fetchAll(sql: sql, arguments: arguments).first
    }

    /// The first column of the first row; nil when there is no row or its value is NULL.
    func fetchOne<Value: DatabaseValueConvertible>(
        _ type: Value.Type, sql: String, arguments: StoreArguments = []
    ) throws -> Value? {
        try fetchOne(sql: sql, arguments: arguments).flatMap { Value.fromDatabaseValue($0[0] as DatabaseValue) }
    }

    /// The first column of every row.
    func fetchAll<Value: DatabaseValueConvertible>(
        _ type: Value.Type, sql: String, arguments: StoreArguments = []
    ) throws -> [Value] {
        try fetchAll(sql: sql, arguments: arguments).map { $0[0] as Value }
    }
}
