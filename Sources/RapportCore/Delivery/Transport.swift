/// Sends composed messages somewhere: an SMTP server, an HTTP API, a directory.
///
/// Implementations live at the edges (RapportTransport); the core only knows this shape so the
/// delivery logic can be tested with any of them.
public protocol Transport: Sendable {
    /// Hands one message to the server. Returns what the server said when it accepted it;
    /// throws `TransportError` when it did not.
    func deliver(_ envelope: Envelope) async throws(TransportError) -> TransportReceipt
}

/// The server's acceptance, kept in the ledger.
public struct TransportReceipt: Sendable, Equatable {
    /// The server's last reply, e.g. `250 2.0.0 Ok: queued as 4F2A1`.
    public var reply: String

    public init(reply: String) {
        self.reply = reply
    }
}
