public import RapportCore

/// Where the HTTP service listens and what it accepts: `server:` in the daemon config.
public struct HTTPSettings: Sendable {
    public var host: String
    /// 0 picks a free port (tests); the port bound is logged.
    public var port: Int
    /// Ingest bodies above this are refused with 413 before they are read.
    public var maximumBodyBytes: Int
    /// Replaced by a reload (SIGHUP), so a new client's token works without a restart.
    public var tokens: Reloadable<APITokens>
    public var connections: ConnectionLimits
    /// For phone numbers written with a leading 0 (`phone_country_code` in the config).
    public var phoneCountryCode = 84

    public init(
        host: String, port: Int, maximumBodyBytes: Int, tokens: APITokens, connections: ConnectionLimits = .init()
    ) {
        self.host = host
        self.port = port
        self.maximumBodyBytes = maximumBodyBytes
        self.tokens = Reloadable(tokens)
        self.connections = connections
    }
}
