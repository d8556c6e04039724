public import Foundation

/// What a link in a message lets its holder do: answer one survey, unsubscribe one customer, or
/// (with tracking on) record an open or follow one link of the message.
///
/// Signed by `LinkSigner` so it cannot be forged or repurposed; NPS links expire, the others never
/// do (a customer must be able to leave, or follow a link, from a mail of years ago).
public struct LinkToken: Sendable, Equatable {
    public enum Purpose: String, Sendable, CaseIterable {
        case nps
        case unsubscribe
        case open
        case click
    }

    public var purpose: Purpose
    public var customerID: String
    public var campaignID: String
    public var occurrence: OccurrenceKey
    /// nil: never expires.
    public var expiresAt: Date?
    /// A click link's destination, signed with the rest so the redirect can only lead to a URL
    /// that was in the message.
    public var target: String?

    public init(
        purpose: Purpose, customerID: String, campaignID: String, occurrence: OccurrenceKey, expiresAt: Date?,
        target: String? = nil
    ) {
        self.purpose = purpose
        self.customerID = customerID
        self.campaignID = campaignID
        self.occurrence = occurrence
        self.expiresAt = expiresAt
        self.target = target
    }
}
