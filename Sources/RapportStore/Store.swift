import Foundation
internal import GRDB
public import RapportCore

/// Customers, events and the delivery ledger: an SQLite file (the embedded default) or a
/// PostgreSQL database several daemons share (`StoreEngine`).
///
/// An SQLite store is opened read-write (migrating to the current schema) by commands that
/// change it, read-only by `preview` and `log`, which must never write, and as a scratch copy by
/// a time-travel preview.
public final class Store: Sendable {
    public enum Access: Sendable {
        case readWrite
        case readOnly
        /// Read-write without waiting for the disk (`synchronous = OFF`): for a throwaway copy,
        /// where a crash loses nothing of value and a dry run's many small writes would
        /// otherwise each wait for an fsync.
        case scratch
    }

    let engine: any StoreEngine
    /// Delivery outcomes waiting to share a write transaction.
    let completions = CompletionQueue()
    /// The SQLite file, or the PostgreSQL URL without its password: names the store in messages.
    public let path: String

    var dialect: StoreDialect { engine.dialect }

    /// Opens the store the config names.
    public convenience init(_ location: StoreLocation, access: Access = .readWrite) throws(StoreError) {
        switch location {
        case .sqlite(let path): try self.init(path: path, access: access)
        case .postgres(let place): try self.init(postgres: place, access: access)
        }
    }

    /// Opens a PostgreSQL store, migrating it unless `access` is read-only (then a store that
    /// needs migrating is refused, as an SQLite one is).
    public init(postgres place: PostgresLocation, access: Access = .readWrite) throws(StoreError) {
        path = place.description
        do {
            let engine = try PostgresEngine(place)
            try PostgresMigrator(engine: engine).prepare(migrating: access != .readOnly)
            self.engine = engine
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: place.description, message: "cannot open: \(PostgresErrorText.describe(error))")
        }
    }

    public init(path: String, access: Access = .readWrite) throws(StoreError) {
        self.path = path
        do {
            switch access {
            case .readWrite, .scratch:
                try FileManager.default.createDirectory(
                    at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
                try Self.makePrivate(path)
                var configuration = Configuration()
                configuration.busyMode = .timeout(10)
                if access == .scratch {
                    configuration.prepareDatabase { try $0.execute(sql: "PRAGMA synchronous = OFF") }
                }
                let pool = try DatabasePool(path: path, configuration: configuration)
                try pool.read { try Self.refuseNewerSchema($0, path: path) }
                // Under the migrations lock: another process's migration check never sees half of them.
                try SQLiteLockFile.holding(path, named: "migrations") { try Self.migrate(pool) }
                // A reader that loaded the schema before a migration rebuilt a table would name a
                // `SELECT *`'s columns as they were, over the new table's values.
                pool.invalidateReadOnlyConnections()
                engine = SQLiteEngine(writer: pool, location: path)
            case .readOnly:
                guard FileManager.default.fileExists(atPath: path) else {
                    // Nothing imported yet: an empty store answers every question with nothing.
                    let queue = try DatabaseQueue()
                    try StoreMigrations.migrator.migrate(queue)
                    engine = SQLiteEngine(writer: queue, location: path)
                    return
                }
                var configuration = Configuration()
                configuration.readonly = true
                configuration.busyMode = .timeout(10)
                let queue = try DatabaseQueue(path: path, configuration: configuration)
                try queue.read { try Self.refuseNewerSchema($0, path: path) }
                let pending = try queue.read { try StoreMigrations.migrator.hasCompletedMigrations($0) }
                guard pending else {
                    throw StoreError(
                        path: path,
                        message:
                            "the schema is older than this rapport; run `rapport run --once` or `rapport import` to migrate it"
                    )
                }
                engine = SQLiteEngine(writer: queue, location: path)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: path, message: "cannot open: \(error)")
        }
    }

    /// The SQLite file's connections, for what only SQLite does (page-by-page copies); nil on
    /// PostgreSQL.
    var sqliteWriter: (any DatabaseWriter)? {
        (engine as? SQLiteEngine)?.writer
    }

    /// Two processes opening a new store at once (a daemon starting while an import runs) may
    /// both try the same migration; the one that loses tries again and finds it applied.
    private static func migrate(_ pool: DatabasePool) throws {
        for attempt in 1... {
            do {
                try StoreMigrations.migrator.migrate(pool)
                return
            } catch  where attempt < 5 {
                usleep(100_000)
            }
        }
    }

    /// A store migrated by a newer Rapport has tables or meanings this binary does not know;
    /// writing to it could corrupt what the newer one relies on, so it is not opened at all.
    private static func refuseNewerSchema(_ db: Database, path: String) throws {
        let known = Set(StoreMigrations.migrator.migrations)
        let unknown = try StoreMigrations.migrator.appliedIdentifiers(db).subtracting(known)
        guard unknown.isEmpty else {
            throw StoreError(
                path: path,
                message:
                    "it was migrated by a newer rapport (schema \(unknown.sorted().joined(separator: ", "))); run that version, or restore the backup taken before the upgrade"
            )
        }
    }

    /// The store holds personal data: it is created owner-only (SQLite gives its -wal and -shm
    /// files the same mode), and a store left readable by others by an older version is closed
    /// to them.
    private static func makePrivate(_ path: String) throws {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        close(descriptor)
        for file in [path, path + "-wal", path + "-shm"] {
            var status = stat()
            guard stat(file, &status) == 0, status.st_mode & 0o007 != 0 else { continue }
            chmod(file, status.st_mode & 0o770)
        }
    }

    /// Wraps the engines' errors so callers outside the store see one error type naming the
    /// store.
    func perform<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: path, message: PostgresErrorText.describe(error))
        }
    }

    /// `?, ?, …`: `count` parameters for an `IN (…)` list.
    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// `ids` in slices small enough to bind in one statement: SQLite limits bound parameters.
    static func parameterSlices(_ ids: [String]) -> [[String]] {
        stride(from: 0, to: ids.count, by: 500).map { Array(ids[$0..<min($0 + 500, ids.count)]) }
    }
}
