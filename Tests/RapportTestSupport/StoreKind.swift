public import RapportCore

/// The two engines a store runs on, for behaviour tests written once and run on both.
public enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// Where a new, empty store of this kind is: the SQLite file `path`, or a new database on the
    /// PostgreSQL test server.
    public func location(_ path: String) throws -> StoreLocation {
        switch self {
        case .sqlite: .sqlite(path: path)
        case .postgres: .postgres(try PostgresTestServer.makeDatabase())
        }
    }
}
