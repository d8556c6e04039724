/// Where an occurrence stands in the ledger.
public enum DeliveryStatus: String, Sendable, Codable, CaseIterable {
    /// Due: waiting for a delivery worker.
    case queued
    /// Claimed by a worker under a lease and handed to the transport; written before the
    /// transport is called, so a crash leaves a trace, and a lease that runs out puts it back in
    /// the queue (sent again with the same Message-ID).
    case sending
    /// The server said "try later" (or could not be reached): tried again at `notBefore`.
    case retrying
    /// The server accepted it.
    case sent
    /// The server refused it, or it kept failing until the give-up age.
    case failed
    /// The address is on the suppression list: never sent to.
    case suppressed
    /// Due, but not for this customer (the reason says why).
    case skipped
    /// Due outside the customer's send window or over the frequency cap; queued at `notBefore`.
    case deferred
    /// Its time to be sent passed (frequency cap past `max_delay`, or missed while no evaluation
    /// ran); the reason says why.
    case expired
    /// In the campaign's control group (`holdout:`): due, recorded, deliberately not sent.
    case heldOut = "held_out"

    /// Statuses that stand for a message handed, or about to be handed, to a transport: what a
    /// frequency cap and a survey cooldown count.
    public static let handedOver: [DeliveryStatus] = [.queued, .sending, .retrying, .sent]
}
