public import RapportCore

/// `server:` in the daemon config: the HTTP service's address, the ingest API's tokens and body
/// cap, and the limits that keep idle or half-sent connections from starving it.
public struct ServerConfig: Sendable {
    public var host: String
    /// 0 lets the system pick a free port; the port bound is logged.
    public var port: Int
    public var maximumBodyBytes: Int
    public var tokens: APITokens
    public var connections = ConnectionLimits()

    public static let defaultMaximumBodyBytes = 1 << 20

    public init(host: String, port: Int, maximumBodyBytes: Int = Self.defaultMaximumBodyBytes, tokens: APITokens) {
        self.host = host
        self.port = port
        self.maximumBodyBytes = maximumBodyBytes
        self.tokens = tokens
    }
}
