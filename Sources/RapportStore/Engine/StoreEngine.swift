/// Where the store's tables live: an SQLite file on this machine, or a PostgreSQL database that
/// several daemons on several hosts share.
///
/// Calls are synchronous and block the calling thread (see `Store.inBackground`): each engine
/// runs its transaction on that thread — SQLite in the process, PostgreSQL by waiting on the
/// answer its event loop receives — so the task pool never waits on a disk or a socket.
protocol StoreEngine: Sendable {
    var dialect: StoreDialect { get }
    /// The file path, or the database URL without its password: for messages.
    var location: String { get }
    /// A consistent snapshot for reading.
    func read<T>(_ body: (any StoreSession) throws -> T) throws -> T
    /// A transaction that commits when `body` returns and rolls back when it throws. On
    /// PostgreSQL it is serializable and runs `body` again when the database refuses it for a
    /// conflict with a concurrent one, so `body` must only act through the session.
    func write<T>(_ body: (any StoreSession) throws -> T) throws -> T
    /// A transaction for taking queued work: on PostgreSQL read-committed, with the selection
    /// taking its rows `FOR UPDATE SKIP LOCKED`, so concurrent workers each take other rows
    /// instead of failing on the same ones.
    func claim<T>(_ body: (any StoreSession) throws -> T) throws -> T
    /// A write that removes personal data, with what it frees overwritten where the engine can:
    /// SQLite zeroes the freed pages (`secure_delete`) and checkpoints its log after; PostgreSQL
    /// leaves dead rows to VACUUM (README, "Personal data").
    func erasingWrite<T>(_ body: (any StoreSession) throws -> T) throws -> T
}

/// The few places where SQLite's SQL and PostgreSQL's differ.
enum StoreDialect: Sendable {
    case sqlite
    case postgres

    /// The larger of two values (SQLite's two-argument MAX is PostgreSQL's GREATEST).
    func greatest(_ first: String, _ second: String) -> String {
        self == .sqlite ? "MAX(\(first), \(second))" : "GREATEST(\(first), \(second))"
    }

    /// `expression` compared without case: SQLite's suppression column does it by its NOCASE
    /// collation, PostgreSQL through lower() and an index on it.
    func caseless(_ expression: String) -> String {
        self == .sqlite ? expression : "lower(\(expression))"
    }

    /// A unique key on `column` compared without case, as an `ON CONFLICT` target.
    func caselessKey(_ column: String) -> String {
        self == .sqlite ? column : "(lower(\(column)))"
    }

    /// Pins a table's scan to `index` where the planner must be told (SQLite's `INDEXED BY`).
    func indexedBy(_ index: String) -> String {
        self == .sqlite ? " INDEXED BY \(index)" : ""
    }

    /// Appended to a selection of queue rows to take them without waiting for a concurrent claim.
    var skipLocked: String {
        self == .sqlite ? "" : " FOR UPDATE SKIP LOCKED"
    }
}
