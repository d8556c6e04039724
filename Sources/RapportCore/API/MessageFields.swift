/// One delivery's message as flat named strings: the `json` preset's body and a body template's
/// `message.*` values, so both document the same names.
struct MessageFields: Sendable {
    var campaign: String
    var customer: String
    var occurrence: String
    var messageID: String
    var idempotencyKey: String
    var date: String
    var from: String
    var fromName: String?
    var replyTo: String?
    var replyToName: String?
    var to: String
    var toName: String?
    var subject: String
    var text: String
    var html: String?
    /// Headers Rapport adds to mail (e.g. List-Unsubscribe); the email presets pass them on.
    var extraHeaders: [(name: String, value: String)]

    init(delivery: Delivery, idempotencyKey: IdempotencyKey) {
        let message = delivery.message
        campaign = delivery.campaignID
        customer = delivery.customerID
        occurrence = delivery.occurrence.rawValue
        messageID = message.messageID.value
        self.idempotencyKey = idempotencyKey.value
        date = Timestamp.format(message.date)
        from = message.from.address.value
        fromName = message.from.displayName
        replyTo = message.replyTo?.address.value
        replyToName = message.replyTo?.displayName
        to = message.to.address
        toName = message.to.mailbox?.displayName
        subject = message.subject
        text = message.text
        html = message.html
        extraHeaders = message.extraHeaders
    }

    /// The names as the body and templates spell them; absent values are left out of both.
    static let names = [
        "campaign", "customer", "occurrence", "message_id", "idempotency_key", "date", "from", "from_name",
        "reply_to", "reply_to_name", "to", "to_name", "subject", "text", "html",
    ]

    var dictionary: [String: String] {
        let values: [(String, String?)] = [
            ("campaign", campaign), ("customer", customer), ("occurrence", occurrence), ("message_id", messageID),
            ("idempotency_key", idempotencyKey), ("date", date), ("from", from), ("from_name", fromName),
            ("reply_to", replyTo), ("reply_to_name", replyToName), ("to", to), ("to_name", toName),
            ("subject", subject), ("text", text), ("html", html),
        ]
        return Dictionary(uniqueKeysWithValues: values.compactMap { name, value in value.map { (name, $0) } })
    }

    /// The `json` preset: `dictionary` as one flat object.
    var webhookBody: [String: String] { dictionary }
}
