public import Foundation

/// The span of time `rapport preview --from … --to …` lists: whole days in the config's zone
/// (`--from 2026-12-01 --to 2026-12-31`, both days included) or ISO 8601 instants (both included).
///
/// Half-open inside, `start..<end`, so a window of days ends at the next day's first instant.
public struct PreviewWindow: Sendable, Equatable {
    /// The first instant listed.
    public var start: Date
    /// The first instant after the window.
    public var end: Date

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    /// `text` as the window's first instant (a day: its start in `zone`) or, with `isEnd`, as the
    /// first instant after it (a day: the next day's start; an instant: just after it, so a tick
    /// exactly then is in). Nil when it is neither a `YYYY-MM-DD` day nor an instant with offset.
    public static func bound(_ text: String, isEnd: Bool, in zone: TimeZone) -> Date? {
        if let day = LocalDate(text) { return (isEnd ? day.adding(days: 1) : day).start(in: zone) }
        guard let instant = Timestamp.parse(text) else { return nil }
        return isEnd ? Date(timeIntervalSinceReferenceDate: instant.timeIntervalSinceReferenceDate.nextUp) : instant
    }

    public func contains(_ date: Date) -> Bool { start <= date && date < end }

    /// The instants a daemon ticking every `step` evaluates to cover the window, when it runs from
    /// `now` on: the window's start and every `step` after it inside the window. When `now` is
    /// before the window, first `now` and the ticks between, at the same pace and lined up with the
    /// window's start: what the daemon does before the window decides what it finds there (sends
    /// count against the frequency cap, drips move on, occurrences are not mistaken for missed).
    ///
    /// `step` must be positive.
    public func ticks(every step: TimeSpan, from now: Date) -> [Date] {
        precondition(step.seconds > 0, "a tick step must be positive")
        let interval = step.timeInterval
        var ticks: [Date] = []
        var first = start
        if now < start {
            ticks.append(now)
            // Steps back from the start that stay after `now`.
            let back = (start.timeIntervalSince(now) / interval).rounded(.up) - 1
            first = start.addingTimeInterval(-back * interval)
        }
        var index = 0.0
        while case let tick = first.addingTimeInterval(index * interval), tick < end {
            ticks.append(tick)
            index += 1
        }
        return ticks
    }
}
