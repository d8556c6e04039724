public import Foundation
import Synchronization

/// When the scheduler last finished a tick, for `/healthz`: a daemon whose scheduler is stuck
/// (a hung store, a deadlock) still answers HTTP, so liveness alone would say nothing.
public final class TickHeartbeat: Sendable {
    private let last = Mutex<Date?>(nil)
    /// The tick interval: healthy while the last tick is at most three intervals old.
    public let interval: TimeInterval

    public init(interval: TimeInterval) {
        self.interval = interval
    }

    public func beat(at now: Date) {
        last.withLock { $0 = now }
    }

    public var lastTick: Date? { last.withLock { $0 } }

    /// Within three intervals of the last tick; before the first tick, within three intervals of
    /// `startedAt`, so a daemon that just started is not reported down.
    public func isTicking(at now: Date, startedAt: Date) -> Bool {
        now.timeIntervalSince(lastTick ?? startedAt) <= 3 * interval
    }
}
