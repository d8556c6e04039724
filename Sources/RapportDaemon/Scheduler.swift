public import Logging
public import RapportCore
public import ServiceLifecycle

/// The daemon's heartbeat: a tick every interval until graceful shutdown.
///
/// Generic over `Clock` so tests advance time instead of sleeping; the calendar time a tick
/// evaluates comes from the separate `WallClock`.
public struct Scheduler<C: Clock>: Service where C.Duration == Duration {
    let tick: Tick
    let library: CampaignLibrary
    let clock: C
    let wallClock: any WallClock
    let interval: Duration
    let logger: Logger

    public init(
        tick: Tick, library: CampaignLibrary, clock: C, wallClock: any WallClock, interval: Duration, logger: Logger
    ) {
        self.tick = tick
        self.library = library
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
                let report = try await tick.run(campaigns: campaigns, at: wallClock.now, logger: logger)
                let total = report.total
                logger.info(
                    "tick done",
                    metadata: [
                        "campaigns": "\(campaigns.count)", "sent": "\(total.sent)", "failed": "\(total.failed)",
                        "skipped": "\(total.skipped)", "took": "\(started.duration(to: clock.now))",
                    ])
            } catch {
                // The store may be briefly unavailable; the next tick retries, nothing is lost.
                logger.error("tick failed", metadata: ["error": "\(error)"])
            }
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
