/// What an HTTP API answered, and what that means for the message.
public struct APIResponse: Sendable, Equatable {
    /// The final status code (after any `100 Continue`).
    public var status: Int
    /// The `Retry-After` header as sent, if any.
    public var retryAfter: String?
    /// The start of the response body; only an excerpt reaches the ledger.
    public var body: [UInt8]

    public init(status: Int, retryAfter: String? = nil, body: [UInt8] = []) {
        self.status = status
        self.retryAfter = retryAfter
        self.body = body
    }

    /// 2xx: sent. 429, 5xx, and 408, 409 and 425 (the server asks for the same request again
    /// later; 409 is what the Idempotency-Key draft answers while the first request with that key
    /// is still being processed): temporary, with the server's `Retry-After`. 401, 403 and 407:
    /// configuration, since a refused credential is Rapport's setup, not this customer's message,
    /// and must not mark customers undeliverable (as SMTP's 535). 3xx: configuration, as a POST
    /// is not followed to another address. Any other 4xx: permanent.
    public var outcome: Result<TransportReceipt, TransportError> {
        outcome(reading: nil)
    }

    /// As `outcome`, but a 2xx answer is judged by `rule` when the API puts its verdict in the body.
    public func outcome(reading rule: APIResultRule?) -> Result<TransportReceipt, TransportError> {
        let reply = self.reply
        switch status {
        case 200..<300:
            if let rule { return rule.outcome(status: status, body: body, excerpt: reply) }
            return .success(TransportReceipt(reply: reply))
        case 408, 409, 425, 429, 500..<600:
            return .failure(
                TransportError(.temporary, reply: reply, retryAfter: retryAfter.flatMap(RetryAfter.init(headerValue:))))
        case 401, 403, 407:
            return .failure(
                TransportError(
                    .configuration,
                    reply: "\(reply); check the authorization file, its scheme and the key's permissions"))
        case 300..<400:
            return .failure(
                TransportError(.configuration, reply: "\(reply); the API redirects: set url to the final address"))
        default:
            return .failure(TransportError(.permanent, reply: reply))
        }
    }

    /// `HTTP 202: {"id":"…"}`: the status and the first 300 characters of the body on one line.
    public var reply: String {
        let text = String(decoding: body, as: UTF8.self)
        let line = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharactersInWhitespace() }
            .filter { !$0.isEmpty }.joined(separator: " ")
        guard !line.isEmpty else { return "HTTP \(status)" }
        let excerpt = line.count > 300 ? line.prefix(300) + "…" : line
        return "HTTP \(status): \(excerpt)"
    }
}
