/// Where the daemon's store is: an SQLite file (the embedded default, one machine) or a
/// PostgreSQL database that several daemons on several hosts share.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let location): location.description
        }
    }
}

/// A PostgreSQL database, from a `postgres://user@host:port/database?sslmode=…` URL.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public enum TLS: String, Sendable, Equatable, CaseIterable {
        /// Plain text: only for a server on loopback or a private network.
        case disable
        /// TLS when the server offers it, certificates verified.
        case prefer
        /// TLS or no connection, certificates verified.
        case require
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLS
    /// Certificate authorities to trust instead of the system's, for a private CA.
    public var caFile: String?
    /// Connections each process opens at most.
    public var connections: Int

    public init(
        host: String, port: Int = 5432, username: String, password: String? = nil, database: String,
        tls: TLS = .prefer, caFile: String? = nil, connections: Int = 8
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.caFile = caFile
        self.connections = connections
    }

    /// Reads `postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require]`;
    /// nil with the reason when it is not one.
    public static func parse(_ url: String) -> Result<PostgresLocation, PostgresLocationError> {
        let schemes = ["postgres://", "postgresql://"]
        guard let scheme = schemes.first(where: { url.hasPrefix($0) }) else {
            return .failure(.init("must start with postgres:// (postgres://user@host:5432/database)"))
        }
        var rest = Substring(url.dropFirst(scheme.count))
        var query = ""
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: mark)...])
            rest = rest[..<mark]
        }
        guard let at = rest.lastIndex(of: "@") else {
            return .failure(.init("names no user (postgres://user@host/database)"))
        }
        let credentials = rest[..<at].split(separator: ":", maxSplits: 1).map(String.init)
        let place = rest[rest.index(after: at)...]
        guard let slash = place.firstIndex(of: "/"), place.index(after: slash) < place.endIndex else {
            return .failure(.init("names no database (postgres://user@host/database)"))
        }
        let hostPort = place[..<slash].split(separator: ":", maxSplits: 1).map(String.init)
        guard let host = hostPort.first, !host.isEmpty, let username = credentials.first, !username.isEmpty else {
            return .failure(.init("names no host or user (postgres://user@host/database)"))
        }
        var port = 5432
        if hostPort.count == 2 {
            guard let number = Int(hostPort[1]), (1...65535).contains(number) else {
                return .failure(.init("port \"\(hostPort[1])\" is not a number from 1 to 65535"))
            }
            port = number
        }
        var tls = TLS.prefer
        for parameter in query.split(separator: "&") {
            let pair = parameter.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0] == "sslmode", let mode = TLS(rawValue: pair[1]) else {
                return .failure(
                    .init("\"\(parameter)\" is not understood; the URL takes sslmode=disable, prefer or require"))
            }
            tls = mode
        }
        return .success(
            PostgresLocation(
                host: host, port: port, username: username, password: credentials.count == 2 ? credentials[1] : nil,
                database: String(place[place.index(after: slash)...]), tls: tls))
    }

    /// The URL without its password, for messages and logs.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)"
    }
}

public struct PostgresLocationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
