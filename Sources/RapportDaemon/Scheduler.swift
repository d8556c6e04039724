public import Logging
public import RapportCore
public import RapportServer
import RapportStore
public import ServiceLifecycle

/// The daemon's heartbeat: an evaluation every interval until graceful shutdown, each followed by
/// a ring of the delivery workers' bell.
///
/// The scheduler only decides what is due (ledger rows); the `DeliveryService` sends it, so a
/// long backlog neither delays the next evaluation nor keeps the scheduler from seeing a
/// shutdown. Generic over `Clock` so tests advance time instead of sleeping; the calendar time
/// a tick evaluates comes from the separate `WallClock`.
public struct Scheduler<C: Clock>: Service where C.Duration == Duration {
    let running: Reloadable<RunningSet>
    let bell: DeliveryBell
    let clock: C
    let wallClock: any WallClock
    let logger: Logger
    /// For `/healthz` and `/metrics`; nil when no HTTP service runs.
    public var heartbeat: TickHeartbeat?
    public var metrics: DaemonMetrics?
    /// systemd: `STATUS=` after each tick, and `WATCHDOG=1` from this loop at the rate asked for,
    /// so a scheduler stuck in an evaluation stops feeding the watchdog and gets restarted.
    public var notifier = ServiceNotifier(environment: [:])
    /// Waited for before the first evaluation (the HTTP port bound); nil: start at once.
    public var startAfter: StartupBarrier?

    /// Runs whatever `running` holds at the top of each loop, so a reload takes effect at the next tick.
    public init(running: Reloadable<RunningSet>, bell: DeliveryBell, clock: C, wallClock: any WallClock, logger: Logger)
    {
        self.running = running
        self.bell = bell
        self.clock = clock
        self.wallClock = wallClock
        self.logger = logger
    }

    public init(
        tick: Tick, library: CampaignLibrary, bell: DeliveryBell, clock: C, wallClock: any WallClock,
        interval: Duration, logger: Logger
    ) {
        self.init(
            running: Reloadable(RunningSet(tick: tick, library: library, interval: interval)), bell: bell,
            clock: clock, wallClock: wallClock, logger: logger)
    }

    public func run() async throws {
        await startAfter?.wait()
        logger.info("scheduler started", metadata: ["interval": "\(running.value.interval)"])
        var lastPruned: C.Instant?
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let current = running.value
            let started = clock.now
            notifier.watchdog()
            let campaigns = await current.library.reload(logger: logger)
            do {
                let now = wallClock.now
                // Off the task pool: the tick's store calls block (see StoreThreads).
                let report = try await withTaskExecutorPreference(StoreThreads.shared) { () throws(StoreError) in
                    try current.tick.evaluate(campaigns: campaigns, at: now, logger: logger)
                }
                let total = report.total
                let took = started.duration(to: clock.now)
                logger.info(
                    "tick done",
                    metadata: [
                        "campaigns": "\(campaigns.count)", "queued": "\(total.queued)",
                        "deferred": "\(total.deferred)", "skipped": "\(total.skipped)", "expired": "\(total.expired)",
                        "took": "\(took)",
                    ])
                notifier.status(
                    "last tick \(ReadableTime(zone: current.tick.defaultZone).format(wallClock.now)): \(campaigns.count) campaigns, \(total.queued) queued, "
                        + "\(total.deferred) deferred, \(total.skipped) skipped, \(total.expired) expired in \(took)")
                metrics?.recordTick(duration: took)
                heartbeat?.beat(at: wallClock.now)
                // Retention needs no more than an hourly pass; each one is a scan of the tables.
                if lastPruned.map({ $0.duration(to: clock.now) >= .seconds(3600) }) ?? true {
                    current.tick.prune(at: wallClock.now, logger: logger)
                    lastPruned = clock.now
                }
            } catch {
                // The store may be briefly unavailable; the next tick retries, nothing is lost.
                logger.error("tick failed", metadata: ["error": "\(error)"])
                notifier.status("last tick failed: \(error)")
            }
            // Even after a failed evaluation: earlier ticks may have queued messages.
            bell.ring(
                with: Dictionary(uniqueKeysWithValues: campaigns.map { ($0.id, current.tick.evaluator(for: $0)) }))
            do {
                try await sleep(until: started.advanced(by: current.interval))
            } catch {
                break
            }
        }
        logger.info("scheduler stopped")
    }

    /// Sleeps until `deadline` or graceful shutdown (which throws), waking to feed the watchdog.
    private func sleep(until deadline: C.Instant) async throws {
        while clock.now < deadline {
            let wake = notifier.watchdogInterval.map { min(deadline, clock.now.advanced(by: $0)) } ?? deadline
            try await cancelWhenGracefulShutdown {
                try await clock.sleep(until: wake, tolerance: nil)
            }
            notifier.watchdog()
        }
    }
}
