import Foundation
internal import GRDB

extension Store {
    /// Copies the store into a new SQLite file at `path` — page by page from SQLite, table by
    /// table from PostgreSQL — and opens the copy as a scratch store (`Access.scratch`) that a
    /// dry run may change freely. Only reads this store, so it works on one opened read-only
    /// while daemons write to it.
    public func copy(to path: String) throws(StoreError) -> Store {
        guard let writer = sqliteWriter else {
            let copy = try Store(path: path, access: .scratch)
            _ = try copyTables(to: copy)
            return copy
        }
        do {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            let destination = try DatabaseQueue(path: path)
            try writer.backup(to: destination)
            try destination.close()
        } catch {
            throw StoreError(path: path, message: "cannot copy \(self.path) here: \(error)")
        }
        return try Store(path: path, access: .scratch)
    }
}
