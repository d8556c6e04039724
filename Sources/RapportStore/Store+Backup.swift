import Foundation
internal import GRDB

/// What `rapport backup` wrote.
public struct StoreBackup: Sendable {
    public var path: String
    public var pages: Int
    public var bytes: Int
}

extension Store {
    /// Copies the store at `source` to `destination` while daemons keep writing to it: SQLite's
    /// online backup reads one consistent snapshot (every transaction committed before the copy
    /// began, none half-done), and in WAL mode the writers are not held up meanwhile.
    ///
    /// The copy holds personal data, so it is written owner-only; it is built beside the
    /// destination and renamed into place, so a failed or interrupted backup never leaves a
    /// partial file under the name an operator will restore from. A store of any schema version
    /// can be copied, even one a newer Rapport migrated.
    public static func backup(from source: String, to destination: String) throws(StoreError) -> StoreBackup {
        guard FileManager.default.fileExists(atPath: source) else {
            throw StoreError(path: source, message: "no store here; check store.sqlite in the config")
        }
        let partial = "\(destination).partial-\(ProcessInfo.processInfo.processIdentifier)"
        let descriptor = open(partial, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(
                path: destination,
                message:
                    "cannot create the backup (\(String(cString: strerror(errno)))); check the folder exists and is writable"
            )
        }
        close(descriptor)
        do {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(10)
            let store = try DatabaseQueue(path: source, configuration: configuration)
            let copy = try DatabaseQueue(path: partial)
            try store.backup(to: copy)
            // One self-contained file to restore from, with no -wal beside it to forget.
            try copy.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
            let (pages, problems) = try copy.read { db in
                (
                    try db.fetchOne(Int.self, sql: "PRAGMA page_count") ?? 0,
                    try db.fetchAll(String.self, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
                )
            }
            try copy.close()
            try store.close()
            guard problems.isEmpty else {
                throw StoreError(
                    path: source,
                    message: "the copy fails its integrity check (\(problems.prefix(3).joined(separator: "; ")))")
            }
            guard rename(partial, destination) == 0 else {
                throw StoreError(
                    path: destination,
                    message: "cannot move the backup into place (\(String(cString: strerror(errno))))")
            }
            let bytes = (try? FileManager.default.attributesOfItem(atPath: destination))?[.size] as? Int
            return StoreBackup(path: destination, pages: pages, bytes: bytes ?? 0)
        } catch {
            unlink(partial)
            if let error = error as? StoreError { throw error }
            throw StoreError(path: source, message: "backup failed: \(error)")
        }
    }
}
