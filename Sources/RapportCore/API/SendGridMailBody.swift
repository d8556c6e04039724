/// The body of SendGrid's v3 Mail Send endpoint, `POST https://api.sendgrid.com/v3/mail/send`
/// with `Authorization: Bearer <API key>`; SendGrid answers 202 Accepted.
///
/// Field names as SendGrid documents them: `personalizations[].to[]` of `{email, name}`, `from`,
/// `reply_to`, `subject`, `content[]` of `{type, value}` with `text/plain` before `text/html` (the
/// order SendGrid requires), `headers`, and `custom_args`, which SendGrid echoes in its event
/// webhook, so a bounce or open can be tied back to the occurrence.
struct SendGridMailBody: Encodable {
    struct Address: Encodable {
        var email: String
        var name: String?
    }

    struct Personalization: Encodable {
        var to: [Address]
    }

    struct Content: Encodable {
        var type: String
        var value: String
    }

    var personalizations: [Personalization]
    var from: Address
    var replyTo: Address?
    var subject: String
    var content: [Content]
    var headers: [String: String]?
    var customArgs: [String: String]

    enum CodingKeys: String, CodingKey {
        case personalizations, from, subject, content, headers
        case replyTo = "reply_to"
        case customArgs = "custom_args"
    }

    init(_ fields: MessageFields) {
        personalizations = [Personalization(to: [Address(email: fields.to, name: fields.toName)])]
        from = Address(email: fields.from, name: fields.fromName)
        replyTo = fields.replyTo.map { Address(email: $0, name: fields.replyToName) }
        subject = fields.subject
        content =
            [Content(type: "text/plain", value: fields.text)]
            + (fields.html.map { [Content(type: "text/html", value: $0)] } ?? [])
        headers =
            fields.extraHeaders.isEmpty
            ? nil : Dictionary(fields.extraHeaders.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        customArgs = ["rapport_campaign": fields.campaign, "rapport_message_id": fields.messageID]
    }
}
