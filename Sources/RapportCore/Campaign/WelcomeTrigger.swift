public import Foundation

/// Greets a customer `delay` after signup, once. Customers who signed up before `since` never
/// get it, so adding a welcome campaign does not mail the whole historical base.
public struct WelcomeTrigger: Sendable, Equatable {
    public var delay: TimeSpan
    public var since: LocalDate

    /// The one occurrence of a welcome: the signup itself.
    public static let occurrence = OccurrenceKey(rawValue: "signup")

    public init(delay: TimeSpan, since: LocalDate) {
        self.delay = delay
        self.since = since
    }

    /// The first instant that counts as "on or after `since`", in the daemon's default zone.
    public func earliestSignup(in zone: TimeZone) -> Date { since.start(in: zone) }

    /// The occurrence due at `now` for this customer, or nil if none is due.
    public func occurrence(for customer: Customer, at now: Date, defaultZone: TimeZone) -> OccurrenceKey? {
        guard let signedUpAt = customer.signedUpAt, signedUpAt >= earliestSignup(in: defaultZone),
            signedUpAt.addingTimeInterval(delay.timeInterval) <= now
        else { return nil }
        return Self.occurrence
    }
}
