/// What a campaign is for, as an event the customer does afterwards: a `purchase` within 7 days
/// of a win-back, a `renewal` within 14 days of a reminder. The report counts a message (or a
/// held-out customer) as converted when one of `events` follows it within `within`.
public struct CampaignGoal: Sendable, Equatable {
    public var events: [String]
    public var within: TimeSpan

    public init(events: [String], within: TimeSpan) {
        self.events = events
        self.within = within
    }
}
