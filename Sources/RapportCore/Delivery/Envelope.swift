/// What a transport hands to the server: SMTP envelope plus the composed message bytes.
public struct Envelope: Sendable {
    public var mailFrom: EmailAddress
    public var recipient: EmailAddress
    /// The full message with CRLF line endings, as produced by `MessageComposer`.
    public var data: [UInt8]
    public var messageID: MessageID

    public init(mailFrom: EmailAddress, recipient: EmailAddress, data: [UInt8], messageID: MessageID) {
        self.mailFrom = mailFrom
        self.recipient = recipient
        self.data = data
        self.messageID = messageID
    }
}
