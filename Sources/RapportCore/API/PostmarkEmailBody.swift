import Foundation

/// The body of Postmark's single-email endpoint, `POST https://api.postmarkapp.com/email` with the
/// server token in `X-Postmark-Server-Token`; Postmark answers 200 with a `MessageID`.
///
/// Field names as Postmark documents them: `From`, `To` and `ReplyTo` as `Name <address>`,
/// `Subject`, `TextBody`, `HtmlBody`, `Headers` as `[{Name, Value}]`, and `Metadata`, which
/// Postmark returns in its webhooks. `MessageStream` is left to Postmark's default (`outbound`).
struct PostmarkEmailBody: Encodable {
    struct Header: Encodable {
        var name: String
        var value: String

        enum CodingKeys: String, CodingKey {
            case name = "Name"
            case value = "Value"
        }
    }

    var from: String
    var to: String
    var replyTo: String?
    var subject: String
    var textBody: String
    var htmlBody: String?
    var headers: [Header]?
    var metadata: [String: String]

    enum CodingKeys: String, CodingKey {
        case from = "From"
        case to = "To"
        case replyTo = "ReplyTo"
        case subject = "Subject"
        case textBody = "TextBody"
        case htmlBody = "HtmlBody"
        case headers = "Headers"
        case metadata = "Metadata"
    }

    init(_ fields: MessageFields) {
        from = Self.mailbox(fields.from, name: fields.fromName)
        to = Self.mailbox(fields.to, name: fields.toName)
        replyTo = fields.replyTo.map { Self.mailbox($0, name: fields.replyToName) }
        subject = fields.subject
        textBody = fields.text
        htmlBody = fields.html
        headers = fields.extraHeaders.isEmpty ? nil : fields.extraHeaders.map { Header(name: $0.name, value: $0.value) }
        metadata = ["rapport_campaign": fields.campaign, "rapport_message_id": fields.messageID]
    }

    /// `Name <address>`, quoting the name when it holds a character RFC 5322 would read as
    /// structure (`Trần, Minh` must not become two recipients).
    static func mailbox(_ address: String, name: String?) -> String {
        guard let name, !name.isEmpty else { return address }
        let specials = Set("()<>[]:;@\\,.\"")
        guard name.contains(where: { specials.contains($0) }) else { return "\(name) <\(address)>" }
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\" <\(address)>"
    }
}
