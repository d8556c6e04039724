public import Foundation
public import RapportCore

/// A ledger row a delivery worker holds under a lease: it renders and sends the occurrence,
/// then completes the claim with the outcome.
public struct Claim: Sendable, Equatable {
    public var id: Int64
    public var campaignID: String
    public var customerID: String
    public var occurrence: OccurrenceKey
    public var transport: String?
    /// 1 for the first try.
    public var attempt: Int
    /// When the occurrence was queued (after any deferral): retries give up counting from here.
    public var firstDue: Date
    /// The row was `sending` under a lease that ran out: a worker died mid-send, and the server
    /// may have accepted the message already. Sending it again (same Message-ID) risks one
    /// physical duplicate, which the worker logs.
    public var leaseExpired: Bool
    /// The campaign channel the occurrence goes by next: 0 until a channel refused the customer.
    public var channel: Int

    public init(
        id: Int64, campaignID: String, customerID: String, occurrence: OccurrenceKey, transport: String?, attempt: Int,
        firstDue: Date, leaseExpired: Bool, channel: Int = 0
    ) {
        self.channel = channel
        self.id = id
        self.campaignID = campaignID
        self.customerID = customerID
        self.occurrence = occurrence
        self.transport = transport
        self.attempt = attempt
        self.firstDue = firstDue
        self.leaseExpired = leaseExpired
    }
}
