public import Foundation

/// At most `messages` marketing and survey messages per customer per `per`, across campaigns.
/// Transactional mail is exempt: a renewal notice must not wait behind a promotion.
public struct FrequencyCap: Sendable, Equatable, CustomStringConvertible {
    public var messages: Int
    public var per: TimeSpan

    public init(messages: Int, per: TimeSpan) {
        self.messages = messages
        self.per = per
    }

    public static func applies(to category: MessageCategory) -> Bool { category != .transactional }

    /// nil when one more message fits at `now` given the customer's `recent` sends; else when
    /// the oldest of them leaves the period and frees a slot.
    public func nextSlot(after recent: [Date], at now: Date) -> Date? {
        let inPeriod = recent.filter { $0 > now.addingTimeInterval(-per.timeInterval) }.sorted()
        guard inPeriod.count >= messages, messages > 0 else { return messages > 0 ? nil : .distantFuture }
        return inPeriod[inPeriod.count - messages].addingTimeInterval(per.timeInterval)
    }

    public var description: String { "\(messages) per \(per)" }
}
