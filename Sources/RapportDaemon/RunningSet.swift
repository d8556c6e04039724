public import RapportConfig
public import RapportCore
public import RapportServer
public import RapportStore

/// What the scheduler and the delivery workers run with: the evaluation settings (with the
/// courier and its transports), the campaign library and the tick interval.
///
/// A reload (SIGHUP) builds a new one from the re-read config and replaces it whole in a
/// `Reloadable`; the scheduler and the workers read it afresh at the top of each loop, so the
/// new set takes effect at the next tick, and a message in flight finishes with the transport
/// it started on.
public struct RunningSet: Sendable {
    public var tick: Tick
    public var library: CampaignLibrary
    public var interval: Duration

    public init(tick: Tick, library: CampaignLibrary, interval: Duration) {
        self.tick = tick
        self.library = library
        self.interval = interval
    }

    /// Builds the set `config` describes, with `campaigns` as the library's starting set.
    /// `previous` lends its ledger owner name and the throttles of transports whose limits did not
    /// change, so a reload neither orphans claims nor lets a provider's rate limit be exceeded
    /// across the switch.
    public static func make(
        config: DaemonConfig, campaigns: [Campaign], store: Store, metrics: DaemonMetrics?,
        previous: RunningSet? = nil
    ) throws(TransportError) -> RunningSet {
        let oldCourier = previous?.tick.courier
        let owner = oldCourier?.owner ?? Courier.newOwner()
        let zalo = try TransportSet.zaloTokens(config.transports, vault: store, owner: owner, clock: SystemWallClock())
        let workers = try (0..<config.delivery.workers).map { _ throws(TransportError) in
            try TransportSet.make(config.transports, zalo: zalo)
        }
        var courier = Courier(
            store: store, workers: workers, retryPolicy: config.delivery.retry,
            lease: config.delivery.lease.timeInterval, owner: owner)
        if let oldCourier { courier.inHand = oldCourier.inHand }
        courier.throttles = config.transportLimits.mapValues(TransportThrottle.init)
        for (name, throttle) in oldCourier?.throttles ?? [:] where config.transportLimits[name] == throttle.limits {
            courier.throttles[name] = throttle
        }
        courier.metrics = metrics
        var tick = Tick(
            store: store, sender: config.sender, defaultZone: config.defaultTimeZone, courier: courier,
            links: config.links, defaultWindow: config.sendWindow, frequencyCap: config.frequencyCap,
            addressKinds: config.transports.mapValues(\.addressKind))
        tick.retention = config.retention
        tick.defaultLanguage = config.language
        let library = CampaignLibrary(
            directory: config.campaignsDirectory, transports: config.transports,
            linksConfigured: config.links != nil, initial: campaigns)
        return RunningSet(tick: tick, library: library, interval: .seconds(config.tickInterval.seconds))
    }
}
