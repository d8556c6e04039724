public import Foundation

/// The hours of the customer's day when messages may arrive, e.g. 08:00–21:00. A message due
/// outside them is deferred to the next opening, never dropped. `from` later than `to` is a
/// window across midnight.
public struct SendWindow: Sendable, Equatable, CustomStringConvertible {
    public var from: LocalTime
    public var to: LocalTime

    public init(from: LocalTime, to: LocalTime) {
        self.from = from
        self.to = to
    }

    public func isOpen(at now: Date, in zone: TimeZone) -> Bool {
        let second = ZonedTime.secondOfDay(of: now, in: zone)
        if from == to { return true }
        return from < to
            ? (from.secondsIntoDay <= second && second < to.secondsIntoDay)
            : (second >= from.secondsIntoDay || second < to.secondsIntoDay)
    }

    /// `now` when open, else the next time the window opens in `zone`.
    public func nextOpening(after now: Date, in zone: TimeZone) -> Date {
        guard !isOpen(at: now, in: zone) else { return now }
        let today = ZonedTime.localDate(of: now, in: zone)
        let opening = ZonedTime.instant(of: today, at: from, in: zone)
        return opening > now ? opening : ZonedTime.instant(of: today.adding(days: 1), at: from, in: zone)
    }

    public var description: String { "\(from)–\(to)" }
}
