public import RapportCore

/// Where the HTTP service listens and what it accepts: `server:` in the daemon config.
public struct HTTPSettings: Sendable {
    public var host: String
    /// 0 picks a free port (tests); the port bound is logged.
    public var port: Int
    /// Ingest bodies above this are refused with 413 before they are read.
    public var maximumBodyBytes: Int
    public var tokens: APITokens

    public init(host: String, port: Int, maximumBodyBytes: Int, tokens: APITokens) {
        self.host = host
        self.port = port
        self.maximumBodyBytes = maximumBodyBytes
        self.tokens = tokens
    }
}
