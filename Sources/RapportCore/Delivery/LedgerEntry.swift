public import Foundation

/// One row of the send ledger: an occurrence and what became of it.
public struct LedgerEntry: Sendable, Equatable, Codable {
    public var campaignID: String
    public var customerID: String
    public var occurrence: OccurrenceKey
    public var status: DeliveryStatus
    public var recipient: String?
    public var subject: String?
    public var messageID: String?
    public var transport: String?
    public var attempts: Int
    public var createdAt: Date
    public var lastAttemptAt: Date?
    public var finishedAt: Date?
    /// The server's reply, or why the occurrence was skipped, deferred or failed.
    public var reply: String?
    /// For a deferred occurrence: when it may go out.
    public var notBefore: Date?
    /// What each channel the occurrence left behind answered (`zalo +84…: …`), in order; nil when
    /// it went by its first.
    public var channelAttempts: [String]?

    public init(
        campaignID: String, customerID: String, occurrence: OccurrenceKey, status: DeliveryStatus,
        recipient: String? = nil, subject: String? = nil, messageID: String? = nil, transport: String? = nil,
        attempts: Int = 0, createdAt: Date, lastAttemptAt: Date? = nil, finishedAt: Date? = nil, reply: String? = nil,
        notBefore: Date? = nil, channelAttempts: [String]? = nil
    ) {
        self.channelAttempts = channelAttempts
        self.campaignID = campaignID
        self.customerID = customerID
        self.occurrence = occurrence
        self.status = status
        self.recipient = recipient
        self.subject = subject
        self.messageID = messageID
        self.transport = transport
        self.attempts = attempts
        self.createdAt = createdAt
        self.lastAttemptAt = lastAttemptAt
        self.finishedAt = finishedAt
        self.reply = reply
        self.notBefore = notBefore
    }
}
