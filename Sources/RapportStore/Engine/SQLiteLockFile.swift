import Foundation

/// A lock file beside an SQLite store (`<store>-<name>.lock`): processes sharing the store take
/// turns at what it guards — admission, migrations — however their transactions interleave.
enum SQLiteLockFile {
    static func holding<T>(_ store: String, named name: String, _ body: () throws -> T) throws -> T {
        let descriptor = open("\(store)-\(name).lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StoreError(path: store, message: "cannot open its \(name) lock file") }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw StoreError(path: store, message: "cannot take its \(name) lock") }
        }
        return try body()
    }
}
