/// Who the business's messages come from, as set in the daemon config.
public struct SenderIdentity: Sendable, Equatable {
    public var from: Mailbox
    public var replyTo: Mailbox?
    /// Right-hand side of generated Message-IDs; defaults to the From domain.
    public var messageIDDomain: String

    public init(from: Mailbox, replyTo: Mailbox? = nil, messageIDDomain: String? = nil) {
        self.from = from
        self.replyTo = replyTo
        self.messageIDDomain = messageIDDomain ?? String(from.address.domain)
    }
}
