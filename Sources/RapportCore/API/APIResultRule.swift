import Foundation

/// How to read an API's verdict from its answer's JSON, for providers that answer HTTP 200 with
/// the outcome inside the body: Vietnamese SMS gateways such as eSMS (`"CodeResult": "100"` means
/// accepted) and Zalo's ZNS (`"error": 0`, or a negative code such as -124 for an invalid access
/// token). The HTTP status alone would record those refusals as sent.
///
/// Codes are compared as text, so `100` and `"100"` are the same code. A code in no list is
/// temporary — retried with the usual backoff until the give-up age — and its reply says which
/// list it belongs in, so the operator can classify it once it is understood.
public struct APIResultRule: Sendable, Equatable {
    /// Dot path to the result code, e.g. `CodeResult` or `data.status`.
    public var field: String
    public var accepted: Set<String>
    /// The provider is busy or failing: try again later.
    public var retry: Set<String>
    /// This recipient can never be reached this way (an invalid number, a user who blocked the
    /// sender): failed at once, as SMTP's 5xx.
    public var refused: Set<String>
    /// Rapport's own setup is wrong (an expired or invalid access token, a template not approved):
    /// retried, as SMTP's refused login, since the operator can fix it and no customer is at fault.
    public var setup: Set<String>
    /// Dot path to the provider's message id, kept as the reply of a sent message.
    public var messageIDField: String?

    public init(
        field: String, accepted: Set<String>, retry: Set<String> = [], refused: Set<String> = [],
        setup: Set<String> = [], messageIDField: String? = nil
    ) {
        self.field = field
        self.accepted = accepted
        self.retry = retry
        self.refused = refused
        self.setup = setup
        self.messageIDField = messageIDField
    }

    /// The outcome a 2xx answer carries in `body`.
    public func outcome(status: Int, body: [UInt8], excerpt: String) -> Result<TransportReceipt, TransportError> {
        let json = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
        guard let code = json.flatMap({ Self.text(at: field, in: $0) }) else {
            return .failure(
                TransportError(
                    .temporary, reply: "\(excerpt); the answer has no \(field), which says whether it was accepted"))
        }
        let verdict = "\(field) \(code)"
        if accepted.contains(code) {
            let id = messageIDField.flatMap { path in json.flatMap { Self.text(at: path, in: $0) } }
            return .success(
                TransportReceipt(reply: "HTTP \(status): accepted (\(verdict))" + (id.map { ", message id \($0)" } ?? "")))
        }
        if refused.contains(code) {
            var error = TransportError(.permanent, reply: "\(excerpt) (\(verdict): refused)")
            error.refusesRecipient = true
            return .failure(error)
        }
        if setup.contains(code) {
            return .failure(
                TransportError(.configuration, reply: "\(excerpt) (\(verdict): check the access token and templates)"))
        }
        if retry.contains(code) { return .failure(TransportError(.temporary, reply: "\(excerpt) (\(verdict): busy)")) }
        return .failure(
            TransportError(
                .temporary,
                reply:
                    "\(excerpt) (\(verdict) is in none of accepted, retry, refused, setup: retried until it is classified)"
            ))
    }

    /// The scalar at a dot path, as text: strings as they are, numbers without a needless `.0`.
    static func text(at path: String, in json: Any) -> String? {
        var value: Any? = json
        for key in path.split(separator: ".") {
            value = (value as? [String: Any])?[String(key)]
        }
        switch value {
        case let string as String:
            return string
        case let number as NSNumber:
            let double = number.doubleValue
            return double == double.rounded() && abs(double) < 1e15 ? String(Int64(double)) : number.stringValue
        default:
            return nil
        }
    }
}
