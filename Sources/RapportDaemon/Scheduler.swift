public import Logging
public import RapportCore
public import RapportServer
public import ServiceLifecycle

/// The daemon's heartbeat: an evaluation every interval until graceful shutdown, each followed by
/// a ring of the delivery workers' bell.
///
/// The scheduler only decides what is due (ledger rows); the `DeliveryService` sends it, so a
/// long backlog neither delays the next evaluation nor keeps the scheduler from seeing a
/// shutdown. Generic over `Clock` so tests advance time instead of sleeping; the calendar time
/// a tick evaluates comes from the separate `WallClock`.
public struct Scheduler<C: Clock>: Service where C.Duration == Duration {
    let tick: Tick
    let library: CampaignLibrary
    let bell: DeliveryBell
    let clock: C
    let wallClock: any WallClock
    let interval: Duration
    let logger: Logger
    /// For `/healthz` and `/metrics`; nil when no HTTP service runs.
    public var heartbeat: TickHeartbeat?
    public var metrics: DaemonMetrics?

    public init(
        tick: Tick, library: CampaignLibrary, bell: DeliveryBell, clock: C, wallClock: any WallClock,
        interval: Duration, logger: Logger
    ) {
        self.tick = tick
        self.library = library
        self.bell = bell
        self.clock = clock
        self.wallClock = wallClock
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        logger.info("scheduler started", metadata: ["interval": "\(interval)"])
        while !Task.isShuttingDownGracefully {
            let started = clock.now
            let campaigns = await library.reload(logger: logger)
            do {
                let report = try tick.evaluate(campaigns: campaigns, at: wallClock.now, logger: logger)
                let total = report.total
                logger.info(
                    "tick done",
                    metadata: [
                        "campaigns": "\(campaigns.count)", "queued": "\(total.queued)",
                        "deferred": "\(total.deferred)", "skipped": "\(total.skipped)", "expired": "\(total.expired)",
                        "took": "\(started.duration(to: clock.now))",
                    ])
                metrics?.recordTick(duration: started.duration(to: clock.now))
                heartbeat?.beat(at: wallClock.now)
            } catch {
                // The store may be briefly unavailable; the next tick retries, nothing is lost.
                logger.error("tick failed", metadata: ["error": "\(error)"])
            }
            // Even after a failed evaluation: earlier ticks may have queued messages.
            bell.ring(with: Dictionary(uniqueKeysWithValues: campaigns.map { ($0.id, tick.evaluator(for: $0)) }))
            do {
                try await cancelWhenGracefulShutdown {
                    try await clock.sleep(until: started.advanced(by: interval), tolerance: nil)
                }
            } catch {
                break
            }
        }
        logger.info("scheduler stopped")
    }
}
