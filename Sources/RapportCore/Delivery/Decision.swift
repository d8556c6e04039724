public import Foundation

/// What evaluation concluded for one due occurrence. Deciding needs no rendering: a delivery
/// worker renders the message when it sends, so a tick's cost follows what is due, not the size
/// of the templates.
public struct Decision: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        /// Due now: queued for a delivery worker.
        case send
        /// Due, but outside the customer's send window or over the frequency cap: held until
        /// `until`, then queued.
        case deferral(until: Date, reason: String)
        /// Due, but not for this customer (an exit event, a survey cooldown, data that cannot make
        /// a message). Recorded with the reason so the operator sees it.
        case skip(reason: String)
        /// Due, but the customer is in the campaign's control group: recorded, never sent.
        case holdout
        /// Due, but its time to be sent has passed: held back by the frequency cap past the
        /// campaign's `max_delay`, or its whole sending span fell while no evaluation ran.
        case expiry(reason: String)
    }

    public var campaignID: String
    public var customerID: String
    public var occurrence: OccurrenceKey
    public var action: Action

    public init(campaignID: String, customerID: String, occurrence: OccurrenceKey, action: Action) {
        self.campaignID = campaignID
        self.customerID = customerID
        self.occurrence = occurrence
        self.action = action
    }

    /// The same occurrence with another action.
    public func with(_ action: Action) -> Decision {
        Decision(campaignID: campaignID, customerID: customerID, occurrence: occurrence, action: action)
    }

    public var key: LedgerKey { LedgerKey(customerID: customerID, occurrence: occurrence) }
}
