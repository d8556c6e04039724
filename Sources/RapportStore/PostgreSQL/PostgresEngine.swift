import Foundation
internal import Logging
internal import NIOSSL
internal import PostgresNIO
import RapportCore

/// The store on a PostgreSQL database that several daemons share.
///
/// The database's own locks and constraints coordinate them, as SQLite's writer lock does
/// between two daemons on one host: writes run serializable and are retried when PostgreSQL
/// refuses one for conflicting with another (SQLSTATE 40001, 40P01); the queue is claimed with
/// `FOR UPDATE SKIP LOCKED` in read-committed transactions.
struct PostgresEngine: StoreEngine {
    let connections: PostgresConnections
    let location: String

    var dialect: StoreDialect { .postgres }

    /// A conflict is retried at most this often before the caller sees it.
    private static let attempts = 30

    init(_ place: PostgresLocation) throws {
        var tls = PostgresConnection.Configuration.TLS.disable
        if place.tls != .disable {
            var configuration = TLSConfiguration.makeClientConfiguration()
            if let caFile = place.caFile {
                configuration.trustRoots = .file(caFile)
            }
            let context = try NIOSSLContext(configuration: configuration)
            tls = place.tls == .require ? .require(context) : .prefer(context)
        }
        var configuration = PostgresConnection.Configuration(
            host: place.host, port: place.port, username: place.username, password: place.password,
            database: place.database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        var logger = Logger(label: "rapport.postgres")
        logger.logLevel = .critical
        // Two at least: `exclusively` holds one while its work runs on another.
        connections = PostgresConnections(configuration: configuration, size: max(2, place.connections), logger: logger)
        location = place.description
    }

    func read<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body, readOnly: true)
    }

    func write<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL SERIALIZABLE", body)
    }

    func claim<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL READ COMMITTED", body)
    }

    func erasingWrite<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try write(body)
    }

    /// A session-level advisory lock, held on a connection of its own while `body` runs its
    /// transactions on others; the server lets it go if this process dies.
    func exclusively<T>(_ name: String, _ body: () throws -> T) throws -> T {
        try connections.withConnection { connection in
            let session = PostgresSession(connection: connection, logger: connections.logger)
            let key = StoreLockKey.of(name)
            try session.execute(sql: "SELECT pg_advisory_lock(?)", arguments: [key])
            defer { try? session.execute(sql: "SELECT pg_advisory_unlock(?)", arguments: [key]) }
            return try body()
        }
    }

    /// Runs `body` in a transaction. BEGIN goes out with the first statement, not a round trip
    /// before it; a read-only transaction's COMMIT is not waited for (the connection's next user
    /// is answered after it), a write's is.
    private func transaction<T>(_ begin: String, _ body: (any StoreSession) throws -> T, readOnly: Bool = false)
        throws -> T
    {
        for attempt in 1... {
            do {
                return try connections.withConnection { connection in
                    let session = PostgresSession(connection: connection, logger: connections.logger)
                    session.send(begin)
                    do {
                        let result = try body(session)
                        if readOnly { session.send("COMMIT") } else { try session.execute(sql: "COMMIT") }
                        return result
                    } catch {
                        try? session.execute(sql: "ROLLBACK")
                        throw error
                    }
                }
            } catch let error as PSQLError where Self.isConflict(error) && attempt < Self.attempts {
                // Both sides of a conflict retrying at once would meet again: spread them out.
                usleep(UInt32.random(in: 1_000...(5_000 * UInt32(min(attempt, 20)))))
            }
        }
        fatalError("unreachable: the last attempt rethrows")
    }

    static func isConflict(_ error: PSQLError) -> Bool {
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40001" || state == "40P01"
    }
}
