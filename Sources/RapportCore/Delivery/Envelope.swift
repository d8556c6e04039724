/// What a transport hands to the server: SMTP envelope plus the composed message bytes.
public struct Envelope: Sendable {
    public var mailFrom: EmailAddress
    /// An email address for SMTP; a phone number only reaches transports that address phones.
    public var recipient: Recipient
    /// The full message with CRLF line endings, as produced by `MessageComposer`.
    public var data: [UInt8]
    public var messageID: MessageID
    /// The delivery the bytes were composed from: what transports that send fields rather than
    /// MIME (HTTP APIs) read, and the customer's template values for a request body. nil for an
    /// envelope made from bytes alone; such an envelope can only go to SMTP or a file.
    public var delivery: Delivery?

    public init(
        mailFrom: EmailAddress, recipient: Recipient, data: [UInt8], messageID: MessageID,
        delivery: Delivery? = nil
    ) {
        self.mailFrom = mailFrom
        self.recipient = recipient
        self.data = data
        self.messageID = messageID
        self.delivery = delivery
    }
}
