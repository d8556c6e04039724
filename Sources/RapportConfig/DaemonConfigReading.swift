/// What reading a config file gave: the config when it has no error, else every error and the
/// parts campaigns are checked against, so one `rapport check` shows the config's mistakes and
/// the campaigns' together.
public struct DaemonConfigReading: Sendable {
    /// Nil when there is any error.
    public var config: DaemonConfig?
    public var errors: [ConfigError]
    /// The campaigns folder, when the config names one readably.
    public var campaignsDirectory: String?
    /// The transports that were read without error.
    public var transports: [String: TransportConfig] = [:]
    /// The transports declared with errors, so campaigns naming them are not told they are missing.
    public var unreadableTransports: Set<String> = []
    /// Whether the config has a `links:` section, even one with mistakes.
    public var linksConfigured = false

    init(errors: [ConfigError]) {
        self.errors = errors
    }
}
