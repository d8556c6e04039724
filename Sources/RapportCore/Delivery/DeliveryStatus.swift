/// Where an occurrence stands in the ledger.
public enum DeliveryStatus: String, Sendable, Codable, CaseIterable {
    /// Claimed and handed to the transport; written before the transport is called so a crash
    /// leaves a trace instead of a silent resend.
    case sending
    /// The server accepted it.
    case sent
    /// The server refused it, or the transport could not reach it.
    case failed
    /// Due, but the customer's data could not make a message (the reason says why).
    case skipped
    /// Due outside the customer's send window; sent when it opens (`notBefore`).
    case deferred
    /// Held back (by a frequency cap) past its campaign's `max_delay`; the reason says why.
    case expired
}
