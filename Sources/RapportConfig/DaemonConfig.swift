public import Foundation
public import RapportCore

/// The daemon's settings from `rapport.yml`. Relative paths are resolved against the config
/// file's folder, so the same file works wherever the daemon is started from.
public struct DaemonConfig: Sendable {
    public var file: String
    /// Where customers and the ledger are: an SQLite file or a PostgreSQL database.
    public var store: StoreLocation
    /// The SQLite file, or the database URL without its password: names the store in messages.
    public var storePath: String { store.description }
    /// How often the scheduler evaluates campaigns.
    public var tickInterval: TimeSpan
    /// For customers without a time zone, the `since` dates of campaigns and the Date header.
    public var defaultTimeZone: TimeZone
    public var sender: SenderIdentity
    public var transports: [String: TransportConfig]
    public var campaignsDirectory: String
    /// Where signed links in messages point, and the key that signs them; needed by NPS surveys.
    public var links: LinkSettings?
    /// Hours of the customer's day when messages may arrive; nil: any time.
    public var sendWindow: SendWindow?
    /// Marketing and survey messages per customer per period, across campaigns; nil: no cap.
    public var frequencyCap: FrequencyCap?
    public var delivery = DeliverySettings()
    /// Where `delivery.lease` was set, for `risks(campaigns:)`; nil when it has its default.
    public var leaseLocation: SourceLocation?
    /// Per transport name; transports without limits are left out.
    public var transportLimits: [String: TransportLimits] = [:]
    /// `language`: the language the business writes in (`vi`, `en`): the HTML report's unless
    /// `--lang` says otherwise, and how `{{#date}}` and `{{#money}}` read in a campaign's default
    /// message, the one customers without a matching variant get. English when not set.
    public var language = DisplayLanguage.en
    /// `phone_country_code`: the calling code of numbers written nationally (`0912 345 678`).
    public var phoneCountryCode = 84
    /// `retention:`: how long personal data is kept; nil keeps everything.
    public var retention: RetentionPolicy?
    /// The HTTP service (ingest API, survey and unsubscribe pages, health, metrics); nil: not run.
    public var server: ServerConfig?

    public init(
        file: String, store: StoreLocation, tickInterval: TimeSpan, defaultTimeZone: TimeZone, sender: SenderIdentity,
        transports: [String: TransportConfig], campaignsDirectory: String, links: LinkSettings? = nil,
        sendWindow: SendWindow? = nil, frequencyCap: FrequencyCap? = nil
    ) {
        self.file = file
        self.store = store
        self.tickInterval = tickInterval
        self.defaultTimeZone = defaultTimeZone
        self.sender = sender
        self.transports = transports
        self.campaignsDirectory = campaignsDirectory
        self.links = links
        self.sendWindow = sendWindow
        self.frequencyCap = frequencyCap
    }
}

/// How the delivery workers send: `delivery:` in the config.
public struct DeliverySettings: Sendable, Equatable {
    /// Workers sending at once, each over its own connections.
    public var workers = 2
    /// How long a worker holds a claimed message before another may take it over (a worker that
    /// died); longer than the slowest transport's timeout.
    public var lease = TimeSpan(seconds: 900)
    public var retry = RetryPolicy()
    /// How long a stopping daemon (SIGTERM, SIGINT) waits for the messages in the transports'
    /// hands before it exits anyway; they stay `sending` and are sent again after their lease.
    public var shutdownTimeout = TimeSpan(seconds: 30)

    public init() {}
}
