public import Foundation

/// How long personal data is kept (`retention:` in the config): what is older is pruned or
/// anonymised by the daemon, keeping only what the reports and the exactly-once guarantee need.
public struct RetentionPolicy: Sendable, Equatable {
    /// Customer events (purchases, activity, interactions) older than this are deleted; a
    /// customer's `last_active_at` stays as it was.
    public var events: TimeSpan?
    /// Ledger rows finished longer ago lose what they showed of the message (address, subject,
    /// replies, channel answers); campaign, occurrence, outcome and times stay, so nothing is
    /// sent twice and the funnel keeps its counts.
    public var ledgerDetails: TimeSpan?
    /// Survey answers older than this lose their comment; the score stays.
    public var surveyComments: TimeSpan?

    public init(events: TimeSpan? = nil, ledgerDetails: TimeSpan? = nil, surveyComments: TimeSpan? = nil) {
        self.events = events
        self.ledgerDetails = ledgerDetails
        self.surveyComments = surveyComments
    }

    /// The oldest instant each kind of data is kept from, at `now`.
    public func cutoffs(at now: Date) -> (events: Date?, ledgerDetails: Date?, surveyComments: Date?) {
        (
            events.map { now.addingTimeInterval(-$0.timeInterval) },
            ledgerDetails.map { now.addingTimeInterval(-$0.timeInterval) },
            surveyComments.map { now.addingTimeInterval(-$0.timeInterval) }
        )
    }
}
