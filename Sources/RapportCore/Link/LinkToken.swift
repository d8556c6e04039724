public import Foundation

/// What a link in a message lets its holder do: answer one survey or unsubscribe one customer.
///
/// Signed by `LinkSigner` so it cannot be forged or repurposed; NPS links expire, unsubscribe
/// links never do (a customer must be able to leave from a mail of years ago).
public struct LinkToken: Sendable, Equatable {
    public enum Purpose: String, Sendable, CaseIterable {
        case nps
        case unsubscribe
    }

    public var purpose: Purpose
    public var customerID: String
    public var campaignID: String
    public var occurrence: OccurrenceKey
    /// nil: never expires.
    public var expiresAt: Date?

    public init(
        purpose: Purpose, customerID: String, campaignID: String, occurrence: OccurrenceKey, expiresAt: Date?
    ) {
        self.purpose = purpose
        self.customerID = customerID
        self.campaignID = campaignID
        self.occurrence = occurrence
        self.expiresAt = expiresAt
    }
}
