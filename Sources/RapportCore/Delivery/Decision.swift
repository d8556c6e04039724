public import Foundation

/// What evaluation concluded for one due occurrence.
public enum Decision: Sendable {
    /// Render succeeded: hand it to the transport.
    case send(Delivery)
    /// Due, but this customer's data cannot make a message (bad address, missing field). Recorded
    /// in the ledger with the reason so the operator sees it and the rest of the batch goes on.
    case skip(campaignID: String, customerID: String, occurrence: OccurrenceKey, reason: String)
    /// Due, but outside the customer's send window or over the frequency cap: held until
    /// `until`, then sent.
    case deferral(Delivery, until: Date, reason: String)
    /// Due, but its time to be sent has passed: held back by the frequency cap past the campaign's
    /// `max_delay`, or its whole sending window fell while the daemon was not evaluating. Recorded
    /// with the reason, never sent.
    case expiry(campaignID: String, customerID: String, occurrence: OccurrenceKey, reason: String)

    public var campaignID: String {
        switch self {
        case .send(let delivery), .deferral(let delivery, _, _): delivery.campaignID
        case .skip(let campaignID, _, _, _), .expiry(let campaignID, _, _, _): campaignID
        }
    }

    public var customerID: String {
        switch self {
        case .send(let delivery), .deferral(let delivery, _, _): delivery.customerID
        case .skip(_, let customerID, _, _), .expiry(_, let customerID, _, _): customerID
        }
    }

    public var occurrence: OccurrenceKey {
        switch self {
        case .send(let delivery), .deferral(let delivery, _, _): delivery.occurrence
        case .skip(_, _, let occurrence, _), .expiry(_, _, let occurrence, _): occurrence
        }
    }
}
