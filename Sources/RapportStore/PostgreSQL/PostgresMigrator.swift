import Foundation
internal import GRDB

/// Brings a PostgreSQL store to `PostgresSchema`'s latest version, once across daemons starting
/// together (an advisory lock held by the migrating transaction), and refuses one migrated by a
/// newer Rapport.
struct PostgresMigrator {
    let engine: PostgresEngine

    private static let lock = StoreLockKey.of("migration")

    /// The migrations the database has; none when it has no schema yet.
    func applied() throws -> Set<String> {
        try engine.read { session in
            guard
                try session.fetchOne(Bool.self, sql: "SELECT to_regclass('rapport_migrations') IS NOT NULL") == true
            else { return [] }
            return Set(try session.fetchAll(String.self, sql: "SELECT identifier FROM rapport_migrations"))
        }
    }

    /// Migrates (or, with `migrating` false, refuses a store that needs it); returns what it
    /// applied.
    @discardableResult
    func prepare(migrating: Bool) throws -> [String] {
        try engine.claim { session in
            try session.execute(sql: "SELECT pg_advisory_xact_lock(?)", arguments: [Self.lock])
            try session.execute(
                sql:
                    "CREATE TABLE IF NOT EXISTS rapport_migrations (identifier TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            let applied = Set(try session.fetchAll(String.self, sql: "SELECT identifier FROM rapport_migrations"))
            let known = PostgresSchema.migrations.map(\.identifier)
            let unknown = applied.subtracting(known)
            guard unknown.isEmpty else {
                throw StoreError(
                    path: engine.location,
                    message:
                        "it was migrated by a newer rapport (schema \(unknown.sorted().joined(separator: ", "))); run that version, or restore the backup taken before the upgrade"
                )
            }
            let pending = PostgresSchema.migrations.filter { !applied.contains($0.identifier) }
            guard migrating || pending.isEmpty else {
                throw StoreError(
                    path: engine.location,
                    message:
                        "the schema is older than this rapport (\(pending.count) migrations pending); run `rapport migrate`"
                )
            }
            for migration in pending {
                for statement in migration.statements {
                    try session.execute(sql: statement)
                }
                try session.execute(
                    sql: "INSERT INTO rapport_migrations (identifier, applied_at) VALUES (?, ?)",
                    arguments: [migration.identifier, Date()])
            }
            return pending.map(\.identifier)
        }
    }
}
