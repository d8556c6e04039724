import RapportCore

/// The libcurl handle of one transport and the state it carries from message to message, so a
/// batch reuses one connection.
///
/// Not thread-safe, and `send` blocks while libcurl talks to the server: use it through a
/// `SerialSession`.
protocol TransportSession: SendableMetatype {
    /// Hands one message to the server over the kept connection, opening one when needed.
    func send(_ envelope: Envelope) -> Result<TransportReceipt, TransportError>
}
