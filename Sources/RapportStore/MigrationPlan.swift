import Foundation
internal import GRDB
public import RapportCore

/// Where a store's schema stands against this Rapport's: the migrations it has, and the ones it
/// lacks.
public struct MigrationPlan: Sendable, Equatable {
    public var applied: [String]
    public var pending: [String]

    /// An existing store an older Rapport made: the daemon does not migrate it unless told to
    /// (`rapport migrate`, `rapport run --migrate`). A new, empty store is simply made.
    public var needsMigrating: Bool { !applied.isEmpty && !pending.isEmpty }
}

extension Store {
    /// Reads the store's schema version without changing anything; a store that does not exist
    /// yet has nothing applied.
    public static func migrationPlan(_ location: StoreLocation) throws(StoreError) -> MigrationPlan {
        do {
            switch location {
            case .sqlite(let path):
                guard FileManager.default.fileExists(atPath: path) else {
                    return MigrationPlan(applied: [], pending: StoreMigrations.migrator.migrations)
                }
                var configuration = Configuration()
                configuration.readonly = true
                // A daemon starting while `rapport import` creates or writes the store waits its turn,
                // as every other store access does, rather than exit on SQLITE_BUSY.
                configuration.busyMode = .timeout(10)
                let queue = try DatabaseQueue(path: path, configuration: configuration)
                // Under the migrations lock, so a store another process (`rapport import`) is creating
                // or migrating is read before or after, never halfway. A file created but not yet
                // migrated has no migrations table: as new as a missing file.
                let applied = try SQLiteLockFile.holding(path, named: "migrations") {
                    try queue.read { db in
                        try db.tableExists("grdb_migrations")
                            ? try StoreMigrations.migrator.appliedIdentifiers(db) : []
                    }
                }
                return MigrationPlan(
                    applied: StoreMigrations.migrator.migrations.filter(applied.contains),
                    pending: StoreMigrations.migrator.migrations.filter { !applied.contains($0) })
            case .postgres(let place):
                let applied = try PostgresMigrator(engine: try PostgresEngine(place)).applied()
                let known = PostgresSchema.migrations.map(\.identifier)
                return MigrationPlan(
                    applied: known.filter(applied.contains), pending: known.filter { !applied.contains($0) })
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: location.description, message: "cannot read: \(PostgresErrorText.describe(error))")
        }
    }
}
