public import RapportCore

/// Delivers through an SMTP submission server, using libcurl.
///
/// One transport keeps one connection open across messages, so a batch costs one TCP and TLS
/// set-up and one login. Deliveries are therefore one at a time; run several transports for
/// parallel connections. libcurl blocks while it talks to the server, so each delivery runs on the
/// transport's own serial queue rather than on Swift's cooperative threads. A delivery is not
/// interrupted by task cancellation; `Settings.timeout` bounds it.
public final class SMTPTransport: Transport {
    private let session: SerialSession<SMTPSession>

    /// Checks the settings and prepares libcurl; connects only when the first message is sent.
    ///
    /// Throws `.configuration` for a URL that is not `smtp://` or `smtps://`, holds credentials or a
    /// path, for an invalid `heloName` or non-positive timeouts, or when libcurl lacks SMTP or TLS.
    public init(settings: Settings) throws(TransportError) {
        session = SerialSession(try SMTPSession(settings: settings), label: "rapport.smtp-transport")
    }

    public func deliver(_ envelope: Envelope) async throws(TransportError) -> TransportReceipt {
        try await session.send(envelope).get()
    }
}
