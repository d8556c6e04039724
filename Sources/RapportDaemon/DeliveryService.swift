import Foundation
public import Logging
public import RapportCore
import RapportStore
public import ServiceLifecycle

/// The delivery workers as a service of their own, beside the scheduler: they send whatever the
/// queue holds whenever the scheduler rings after an evaluation, and on their own when a retry
/// comes due (or a dead worker's lease runs out) between ticks.
///
/// Apart from the scheduler, a long backlog neither delays the next evaluation nor keeps the
/// scheduler from seeing a shutdown, and retries keep their own times whatever the tick.
/// Graceful shutdown stops the workers claiming, gives back what they hold and lets each one's
/// message in flight finish (see `Courier.deliverDue(evaluators:clock:logger:)`).
///
/// Generic over `Clock` so tests advance time instead of sleeping; the calendar time messages
/// are sent at comes from the separate `WallClock`.
public struct DeliveryService<C: Clock>: Service where C.Duration == Duration {
    /// Read afresh for each pass, so a reload's transports and retry policy take effect at once
    /// while a pass under way finishes with the ones it started with.
    let currentCourier: @Sendable () -> Courier
    let bell: DeliveryBell
    let clock: C
    let wallClock: any WallClock
    /// The longest the workers sleep when nothing rings and nothing is due: a safety net, as the
    /// scheduler rings every tick.
    let idleLimit: Duration
    let logger: Logger

    public init(
        courier: Courier, bell: DeliveryBell, clock: C, wallClock: any WallClock, idleLimit: Duration, logger: Logger
    ) {
        self.init(
            currentCourier: { courier }, bell: bell, clock: clock, wallClock: wallClock, idleLimit: idleLimit,
            logger: logger)
    }

    /// Delivers with the courier of whatever set `running` holds.
    public init(
        running: Reloadable<RunningSet>, bell: DeliveryBell, clock: C, wallClock: any WallClock, idleLimit: Duration,
        logger: Logger
    ) {
        self.init(
            currentCourier: { running.value.tick.courier }, bell: bell, clock: clock, wallClock: wallClock,
            idleLimit: idleLimit, logger: logger)
    }

    private init(
        currentCourier: @escaping @Sendable () -> Courier, bell: DeliveryBell, clock: C, wallClock: any WallClock,
        idleLimit: Duration, logger: Logger
    ) {
        self.currentCourier = currentCourier
        self.bell = bell
        self.clock = clock
        self.wallClock = wallClock
        self.idleLimit = idleLimit
        self.logger = logger
    }

    public func run() async throws {
        logger.info("delivery workers started", metadata: ["workers": "\(currentCourier().workers.count)"])
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let courier = currentCourier()
            guard let evaluators = bell.evaluators else {
                // Nothing evaluated yet, so nothing to render with: wait for the scheduler.
                await cancelWhenGracefulShutdown { await bell.waitForRing() }
                continue
            }
            let started = clock.now
            let report = await courier.deliverDue(evaluators: evaluators, clock: wallClock, logger: logger)
            let total = report.total
            if total != TickReport.Counts() {
                logger.info(
                    "delivery done",
                    metadata: [
                        "sent": "\(total.sent)", "failed": "\(total.failed)", "retrying": "\(total.retrying)",
                        "suppressed": "\(total.suppressed)", "skipped": "\(total.skipped)",
                        "took": "\(started.duration(to: clock.now))",
                    ])
            }
            // Something came due as the workers finished: go on. A pass that did nothing while
            // something is due (a failing store) waits a little rather than spin. The pause counts
            // from when the queue was read, not from when the sleep begins.
            let lookedAt = clock.now
            let pause =
                pause(courier: courier, campaignIDs: Array(evaluators.keys))
                ?? (total == TickReport.Counts() ? min(.seconds(1), idleLimit) : nil)
            guard let pause else { continue }
            await cancelWhenGracefulShutdown {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await bell.waitForRing() }
                    group.addTask { try? await clock.sleep(until: lookedAt.advanced(by: pause), tolerance: nil) }
                    await group.next()
                    group.cancelAll()
                }
            }
        }
        logger.info("delivery workers stopped")
    }

    /// How long to sleep before looking at the queue again: until the next message becomes
    /// claimable, at most `idleLimit`; nil when one already is (a worker was stopped early).
    private func pause(courier: Courier, campaignIDs: [String]) -> Duration? {
        let next: Date?
        do {
            next = try courier.store.nextClaimable(campaignIDs: campaignIDs)
        } catch {
            logger.error("cannot read the delivery queue", metadata: ["error": "\(error)"])
            return idleLimit
        }
        guard let next else { return idleLimit }
        let wait = next.timeIntervalSince(wallClock.now)
        guard wait > 0 else { return nil }
        return min(.milliseconds(Int64((wait * 1000).rounded(.up))), idleLimit)
    }
}
