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

    /// One occurrence per threshold of the customer's current quiet spell, each open for `window`
    /// after it is crossed (or until the next threshold is).
    public func occurrences(for customer: Customer) -> [Occurrence] {
        guard let base = base(of: customer) else { return [] }
        let dues = after.map { base.addingTimeInterval($0.timeInterval) }
        return after.indices.map { index in
            let closes = min(
                dues[index].addingTimeInterval(Self.window), index + 1 < dues.count ? dues[index + 1] : .distantFuture)
            return Occurrence(
                key: OccurrenceKey(rawValue: "\(Timestamp.format(base)):\(after[index])"), due: dues[index],
                closes: closes)
        }
    }

    public func occurrence(for customer: Customer, at now: Date) -> OccurrenceKey? {
        occurrences(for: customer).open(at: now)?.key
    }

    /// No threshold is open for less than this, so a pause shorter than it cannot have missed one.
    public var shortestSpan: TimeInterval {
        let gaps = zip(after, after.dropFirst()).map { $1.timeInterval - $0.timeInterval }
        return (gaps + [Self.window]).min()!
    }

    /// For each threshold, the range of base instants whose crossing can be open or missed
    /// between `start` and `end`.
    public func candidateBaseRanges(from start: Date, to end: Date) -> [ClosedRange<Date>] {
        after.map { threshold in
            start.addingTimeInterval(
                -threshold.timeInterval - Self.window)...max(start, end).addingTimeInterval(
                    -threshold.timeInterval)
        }
    }
}
