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
    /// Runs `body` while no other process holds the lock `name` on this store, waiting its turn:
    /// for work that reads, decides and writes in several transactions and must not interleave
    /// with another daemon's (admission under the frequency cap).
    func exclusively<T>(_ name: String, _ body: () throws -> T) throws -> T
}
