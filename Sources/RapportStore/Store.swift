import Foundation
internal import GRDB

/// The SQLite file holding customers and the delivery ledger.
///
/// Opened read-write (migrating to the current schema) by commands that change it,
/// read-only by `preview` and `log`, which must never write, and as a scratch copy by a
/// time-travel preview.
public final class Store: Sendable {
    public enum Access: Sendable {
        case readWrite
        case readOnly
        /// Read-write without waiting for the disk (`synchronous = OFF`): for a throwaway copy,
        /// where a crash loses nothing of value and a dry run's many small writes would
        /// otherwise each wait for an fsync.
        case scratch
    }

    let writer: any DatabaseWriter
    public let path: String

    public init(path: String, access: Access = .readWrite) throws(StoreError) {
        self.path = path
        do {
            switch access {
            case .readWrite, .scratch:
                try FileManager.default.createDirectory(
                    at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
                var configuration = Configuration()
                configuration.busyMode = .timeout(10)
                if access == .scratch {
                    configuration.prepareDatabase { try $0.execute(sql: "PRAGMA synchronous = OFF") }
                }
                let pool = try DatabasePool(path: path, configuration: configuration)
                try StoreMigrations.migrator.migrate(pool)
                writer = pool
            case .readOnly:
                guard FileManager.default.fileExists(atPath: path) else {
                    // Nothing imported yet: an empty store answers every question with nothing.
                    let queue = try DatabaseQueue()
                    try StoreMigrations.migrator.migrate(queue)
                    writer = queue
                    return
                }
                var configuration = Configuration()
                configuration.readonly = true
                configuration.busyMode = .timeout(10)
                let queue = try DatabaseQueue(path: path, configuration: configuration)
                let pending = try queue.read { try StoreMigrations.migrator.hasCompletedMigrations($0) }
                guard pending else {
                    throw StoreError(
                        path: path,
                        message:
                            "the schema is older than this rapport; run `rapport run --once` or `rapport import` to migrate it"
                    )
                }
                writer = queue
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: path, message: "cannot open: \(error)")
        }
    }

    /// Wraps GRDB errors so callers outside the store see one error type naming the file.
    func perform<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: path, message: "\(error)")
        }
    }

    /// `ids` in slices small enough to bind in one statement: SQLite limits bound parameters.
    static func parameterSlices(_ ids: [String]) -> [[String]] {
        stride(from: 0, to: ids.count, by: 500).map { Array(ids[$0..<min($0 + 500, ids.count)]) }
    }
}
