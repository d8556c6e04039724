public import RapportCore

/// Sends approved Zalo Notification Service templates to customers' phones.
///
/// ZNS answers HTTP 200 with its verdict in the body (`ZNSAnswers.rule`). When it refuses the
/// access token, the token is renewed once for the whole daemon (`ZNSAccessToken`) and the
/// message is posted once more. The `tracking_id` derives from the occurrence, as the
/// Idempotency-Key of other APIs does, so a resend after a crash carries the same one.
public final class ZNSTransport: Transport {
    private let session: SerialSession<HTTPSession>
    private let token: ZNSAccessToken

    /// `shared` is the app's token holder; build it once per daemon with `accessToken(…)` and
    /// give it to every worker's transport.
    public init(settings: HTTPTransport.Settings, token shared: Token) throws(TransportError) {
        session = SerialSession(try HTTPSession(settings: settings), label: "rapport.zns-transport")
        token = shared.holder
    }

    /// One Zalo app's access token, shared by the transports of every worker.
    public struct Token: Sendable {
        fileprivate let holder: ZNSAccessToken

        /// `oauth` is where tokens are renewed (`https://oauth.zaloapp.com/v4/oa/access_token`).
        public init(
            vault: any ZNSTokenVault, appID: String, owner: String, oauth: HTTPTransport.Settings, secretKey: String,
            clock: any WallClock
        ) throws(TransportError) {
            holder = try ZNSAccessToken(
                vault: vault, appID: appID, owner: owner, oauth: oauth, secretKey: secretKey, clock: clock)
        }
    }

    public func deliver(_ envelope: Envelope) async throws(TransportError) -> TransportReceipt {
        guard let phone = envelope.recipient.phone else {
            throw TransportError(
                .configuration, reply: "a zns transport sends to phone numbers, not to \(envelope.recipient.address)")
        }
        guard let message = envelope.delivery?.zns else {
            throw TransportError(
                .configuration,
                reply: "the campaign's channel for this zns transport has no zns: template_id and data")
        }
        let request = APIRequest(
            body: ZNSAnswers.body(
                phone: phone, message: message, trackingID: IdempotencyKey(messageID: envelope.messageID).value),
            headers: [
                HTTPHeader(name: "Content-Type", value: "application/json"),
                HTTPHeader(name: "Accept", value: "application/json"),
            ])
        var accessToken = try await token.current().get()
        var answer = await post(request, accessToken)
        if case .success(let response) = answer, ZNSAnswers.rejectsToken(response) {
            accessToken = try await token.renew(replacing: accessToken).get()
            answer = await post(request, accessToken)
        }
        return try answer.flatMap { $0.outcome(reading: ZNSAnswers.rule) }.redacting([accessToken]).get()
    }

    private func post(_ request: APIRequest, _ accessToken: String) async -> Result<APIResponse, TransportError> {
        await session.perform { $0.post(request, credential: HTTPHeader(name: "access_token", value: accessToken)) }
    }
}
