public import Foundation

/// Everything needed to write one RFC 5322 message; composed into bytes by `MessageComposer`.
public struct OutgoingMessage: Sendable, Equatable {
    public var from: Mailbox
    /// A mailbox for email; a phone number for SMS and Zalo, which read the text alone.
    public var to: Recipient
    public var replyTo: Mailbox?
    public var subject: String
    public var text: String
    public var html: String?
    public var date: Date
    /// Time zone the Date header is written in (the daemon's default zone).
    public var dateTimeZone: TimeZone
    public var messageID: MessageID
    /// Extra headers set by Rapport itself (never from customer data without encoding).
    public var extraHeaders: [(name: String, value: String)]

    public init(
        from: Mailbox, to: Recipient, replyTo: Mailbox? = nil, subject: String, text: String, html: String? = nil,
        date: Date, dateTimeZone: TimeZone = TimeZone(identifier: "UTC")!, messageID: MessageID,
        extraHeaders: [(name: String, value: String)] = []
    ) {
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.text = text
        self.html = html
        self.date = date
        self.dateTimeZone = dateTimeZone
        self.messageID = messageID
        self.extraHeaders = extraHeaders
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.from == rhs.from && lhs.to == rhs.to && lhs.replyTo == rhs.replyTo && lhs.subject == rhs.subject
            && lhs.text == rhs.text && lhs.html == rhs.html && lhs.date == rhs.date
            && lhs.dateTimeZone == rhs.dateTimeZone && lhs.messageID == rhs.messageID
            && lhs.extraHeaders.map(\.name) == rhs.extraHeaders.map(\.name)
            && lhs.extraHeaders.map(\.value) == rhs.extraHeaders.map(\.value)
    }
}
