public import RapportCore

/// Sends nothing: hands each message to `record` and reports it accepted, so the delivery
/// workers record it `sent` as if a server had taken it. What `rapport preview --from … --to …`
/// runs the real ticks with on a scratch copy of the store, so frequency caps, cooldowns and
/// drips move on exactly as after real sends.
public struct DryRunTransport: Transport {
    /// The reply the ledger records for each message.
    public static let reply = "250 dry run: not sent"

    private let record: @Sendable (Envelope) -> Void

    /// `record` must not fail or wait: whatever it does with a message cannot change the run.
    public init(record: @escaping @Sendable (Envelope) -> Void) {
        self.record = record
    }

    public func deliver(_ envelope: Envelope) async throws(TransportError) -> TransportReceipt {
        record(envelope)
        return TransportReceipt(reply: Self.reply)
    }
}
