public import Foundation

/// The source of "now" for calendar rules. The core never reads the system clock itself, so
/// tests and `rapport run --now` decide what time it is.
public protocol WallClock: Sendable {
    var now: Date { get }
}

/// The real time, for the daemon.
public struct SystemWallClock: WallClock {
    public init() {}
    public var now: Date { Date() }
}

/// A fixed instant, for tests and for replaying a day with `--now`.
public struct FixedWallClock: WallClock {
    public var now: Date

    public init(_ now: Date) {
        self.now = now
    }
}
