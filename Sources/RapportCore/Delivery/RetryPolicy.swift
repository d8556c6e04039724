public import Foundation

/// When to try a temporarily failed message again: exponential backoff with jitter, honouring a
/// server's `Retry-After`, until the give-up age (RFC 5321 §4.5.4.1 suggests giving up after 4–5
/// days; the default is 3).
public struct RetryPolicy: Sendable, Equatable {
    public var initialDelay: TimeSpan
    public var maximumDelay: TimeSpan
    /// Counted from when the occurrence was first due.
    public var giveUpAfter: TimeSpan

    public init(
        initialDelay: TimeSpan = TimeSpan(seconds: 60), maximumDelay: TimeSpan = TimeSpan(seconds: 3_600),
        giveUpAfter: TimeSpan = TimeSpan(seconds: 3 * 86_400)
    ) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.giveUpAfter = giveUpAfter
    }

    /// The next attempt after `attempts` failed ones, or nil when that would be past the
    /// give-up age. `jitter` in 0..<1 spreads retries of a batch so they do not return at once.
    public func nextAttempt(
        after attempts: Int, firstDue: Date, retryAfter: RetryAfter?, at now: Date, jitter: Double
    ) -> Date? {
        let exponent = Double(max(0, attempts - 1))
        let backoff = min(maximumDelay.timeInterval, initialDelay.timeInterval * pow(2, exponent))
        let asked: TimeInterval =
            switch retryAfter {
            case .delay(let span): span.timeInterval
            case .date(let date): date.timeIntervalSince(now)
            case nil: 0
            }
        let delay = max(backoff * (0.75 + 0.5 * jitter), asked)
        let next = now.addingTimeInterval(delay)
        return next <= firstDue.addingTimeInterval(giveUpAfter.timeInterval) ? next : nil
    }
}
