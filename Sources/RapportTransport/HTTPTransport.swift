public import RapportCore

/// Posts each message to an HTTP API (an email provider, an SMS gateway, a webhook), using libcurl.
///
/// The body comes from the settings' `APIRequestShape`; every request carries an
/// `Idempotency-Key` derived from the occurrence, so a retried request is recognisable. A 2xx is a
/// receipt; 429 and 5xx are temporary failures carrying the server's `Retry-After`; other 4xx are
/// permanent (see `APIResponse.outcome`). Retrying is the delivery engine's decision, not this
/// transport's. One transport keeps one connection and sends one request at a time on its own
/// serial queue, as `SMTPTransport` does; `Settings.timeout` bounds each request.
public final class HTTPTransport: Transport {
    private let session: SerialSession<HTTPSession>

    /// Checks the settings and prepares libcurl; connects only when the first message is sent.
    ///
    /// Throws `.configuration` for a URL that is not `https://` (or `http://` to loopback) or holds
    /// credentials, for a header that is malformed or that Rapport sets itself, for a credential
    /// holding a line break, for non-positive timeouts, or when libcurl lacks HTTP or TLS.
    public init(settings: Settings) throws(TransportError) {
        session = SerialSession(try HTTPSession(settings: settings), label: "rapport.http-transport")
    }

    public func deliver(_ envelope: Envelope) async throws(TransportError) -> TransportReceipt {
        try await session.send(envelope).get()
    }
}
