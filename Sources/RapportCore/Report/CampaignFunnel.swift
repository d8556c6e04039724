/// What one campaign did in a period: its occurrences by outcome, what customers did with the
/// messages, and how many reached the campaign's goal.
public struct CampaignFunnel: Sendable, Equatable {
    public var campaignID: String
    /// Every occurrence that came due: the sum of the outcomes below.
    public var due = 0
    public var sent = 0
    public var deferred = 0
    public var expired = 0
    public var failed = 0
    public var suppressed = 0
    public var skipped = 0
    public var heldOut = 0
    /// Queued, in a worker's hands or waiting for a retry.
    public var pending = 0
    /// Messages opened, clicked or unsubscribed from at least once.
    public var opened = 0
    public var clicked = 0
    public var unsubscribed = 0
    /// Sent messages followed by a goal event within the goal's window; nil without a `goal:`.
    public var converted: Int?
    /// Held-out customers who reached the goal anyway, over the same window.
    public var heldOutConverted: Int?

    public init(campaignID: String) {
        self.campaignID = campaignID
    }

    /// Converted share of the sent messages; nil without a goal or without sends.
    public var conversionRate: Double? {
        guard let converted, sent > 0 else { return nil }
        return Double(converted) / Double(sent)
    }

    /// Sent against held out; nil without a goal or a control group.
    public var lift: ConversionLift? {
        guard let converted, let heldOutConverted, heldOut > 0 else { return nil }
        return ConversionLift(
            messaged: sent, messagedConverted: converted, heldOut: heldOut, heldOutConverted: heldOutConverted)
    }
}
