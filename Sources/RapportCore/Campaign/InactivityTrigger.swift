public import Foundation

/// Wins back customers who have gone quiet: one message as their last activity passes each
/// threshold (`after: [30d, 60d, 90d]`), escalating. The occurrence names the last activity and
/// the threshold, so new activity starts a new episode and re-arms every step.
public struct InactivityTrigger: Sendable, Equatable {
    public var after: [TimeSpan]
    /// Count from signup for customers with no activity record; otherwise they are skipped.
    public var fromSignup: Bool

    /// A threshold is acted on for this long after it is crossed. Only customers crossing it now
    /// are selected, never the whole base that is past it, so a new campaign does not mail
    /// everyone who went quiet years ago.
    public static let window: TimeInterval = 86_400

    public init(after: [TimeSpan], fromSignup: Bool = false) {
        self.after = after.sorted()
        self.fromSignup = fromSignup
    }

    /// The instant inactivity is counted from, if any.
    func base(of customer: Customer) -> Date? {
        customer.lastActiveAt ?? (fromSignup ? customer.signedUpAt : nil)
    }

    public func occurrence(for customer: Customer, at now: Date) -> OccurrenceKey? {
        guard let base = base(of: customer) else { return nil }
        let crossed = after.last { base.addingTimeInterval($0.timeInterval) <= now }
        guard let threshold = crossed, now < base.addingTimeInterval(threshold.timeInterval + Self.window) else {
            return nil
        }
        return OccurrenceKey(rawValue: "\(Timestamp.format(base)):\(threshold)")
    }

    /// For each threshold, the range of base instants whose crossing falls in the window at `now`.
    public func candidateBaseRanges(at now: Date) -> [ClosedRange<Date>] {
        after.map { threshold in
            let latest = now.addingTimeInterval(-threshold.timeInterval)
            return latest.addingTimeInterval(-Self.window)...latest
        }
    }
}
