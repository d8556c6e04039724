import Foundation

/// How a message becomes the JSON body of an HTTP API request: a documented flat object for
/// webhooks, two well-known email APIs, or the operator's own template for anything else (an SMS
/// API that wants the customer's phone number).
///
/// Presets are written by `JSONEncoder` and templates escape every value as JSON, so no customer
/// data (quotes, line breaks, `</script>`, Vietnamese names) can change the document's structure.
public enum APIRequestShape: Sendable, Equatable, CustomStringConvertible {
    /// `preset: json`: one flat object of `WebhookBody`'s fields.
    case json
    /// `preset: sendgrid`: the SendGrid v3 `POST /v3/mail/send` body.
    case sendGrid
    /// `preset: postmark`: the Postmark `POST /email` body.
    case postmark
    /// `preset: template`: a Mustache template of kind `.json` (`body_template:`), rendered with the
    /// customer's fields and `message.*` (see `templateFields`).
    case template(Template)
    /// `preset: esms`: eSMS's JSON send body, the account's keys inside it.
    case esms(ESMSAccount)

    /// The presets that need no template, by their config name.
    public init?(presetName: String) {
        switch presetName {
        case "json": self = .json
        case "sendgrid": self = .sendGrid
        case "postmark": self = .postmark
        default: return nil
        }
    }

    /// Every name `preset:` accepts.
    public static let presetNames = ["json", "sendgrid", "postmark", "template", "esms"]

    /// The config name.
    public var description: String {
        switch self {
        case .json: "json"
        case .sendGrid: "sendgrid"
        case .postmark: "postmark"
        case .template(let template): "template (\(template.location.file))"
        case .esms(let account): "esms (\(account))"
        }
    }

    /// The header the API reads the credential from: Postmark has its own, the others take
    /// `Authorization`.
    public var credentialHeader: String {
        self == .postmark ? "X-Postmark-Server-Token" : "Authorization"
    }

    /// Keys the body itself carries (eSMS's), to keep out of what the ledger and the log show.
    public var secrets: [String] {
        if case .esms(let account) = self { return [account.apiKey, account.secretKey] }
        return []
    }

    /// Written before the credential in `credentialHeader` unless the config says otherwise:
    /// `Bearer` for `Authorization`, nothing for Postmark's token header.
    public var defaultCredentialScheme: String? {
        self == .postmark ? nil : "Bearer"
    }

    /// The body and headers for one envelope.
    ///
    /// Throws `.configuration` when the envelope carries no delivery (it was made from bytes
    /// alone) or a template renders something that is not JSON, and `.permanent` when this
    /// customer lacks a field the template needs without a fallback.
    public func request(for envelope: Envelope) throws(TransportError) -> APIRequest {
        guard let delivery = envelope.delivery else {
            throw TransportError(
                .configuration,
                reply: "message \(envelope.messageID) carries only MIME bytes; an HTTP API needs its fields")
        }
        let key = IdempotencyKey(messageID: envelope.messageID)
        let fields = MessageFields(delivery: delivery, idempotencyKey: key)
        let body: [UInt8]
        switch self {
        case .json: body = try Self.encode(fields.webhookBody)
        case .sendGrid: body = try Self.encode(SendGridMailBody(fields))
        case .postmark: body = try Self.encode(PostmarkEmailBody(fields))
        case .template(let template): body = try Self.render(template, delivery: delivery, fields: fields)
        case .esms(let account):
            guard let phone = envelope.recipient.phone else {
                throw TransportError(
                    .configuration, reply: "an esms transport sends to phone numbers, not to \(envelope.recipient.address)")
            }
            body = try Self.encode(
                ESMSBody(
                    apiKey: account.apiKey, secretKey: account.secretKey, phone: phone.digits,
                    content: delivery.message.text, brandname: account.brandname, smsType: account.smsType,
                    isUnicode: SMSLength(delivery.message.text).isUnicode ? "1" : "0", requestID: key.value))
        }
        return APIRequest(
            body: body,
            headers: [
                HTTPHeader(name: "Content-Type", value: "application/json"),
                HTTPHeader(name: "Accept", value: "application/json"),
                HTTPHeader(name: "Idempotency-Key", value: key.value),
            ])
    }

    /// Templates are compared by where they were read from and the fields they use.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case (.json, .json), (.sendGrid, .sendGrid), (.postmark, .postmark): true
        case (.template(let a), .template(let b)): a.location == b.location && a.fields == b.fields
        case (.esms(let a), .esms(let b)): a == b
        default: false
        }
    }

    private static func encode(_ value: some Encodable) throws(TransportError) -> [UInt8] {
        let encoder = JSONEncoder()
        // Sorted keys make the body the same bytes for the same message, which keeps tests exact
        // and lets a provider compare a retried request with the first.
        encoder.outputFormatting = [.sortedKeys]
        do {
            return Array(try encoder.encode(value))
        } catch {
            throw TransportError(.configuration, reply: "cannot write the request body as JSON: \(error)")
        }
    }
}
