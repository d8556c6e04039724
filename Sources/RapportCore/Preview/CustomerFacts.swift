public import Foundation

/// What the store holds about one customer when a preview starts: the customer, and the parts of
/// the ledger and the event history the daemon's ticks and workers would read about them.
public struct CustomerFacts: Sendable {
    public var customer: Customer
    /// The campaigns whose candidate selections over the window hold the customer: only these
    /// decide new occurrences for them, as only these would at a tick.
    public var candidateOf: Set<String> = []
    /// Occurrences the ledger already holds, by campaign id: a tick never decides them again.
    public var recorded: [String: Set<OccurrenceKey>] = [:]
    /// Rows that move during the window: deferred ones whose time comes, and queued or retrying
    /// ones a worker takes.
    public var open: [LedgerEntry] = []
    /// When capped messages were handed over in the cap's period before the first tick.
    public var capHistory: [Date] = []
    /// Per event-driven campaign: the messages its cooldown counts, by occurrence.
    public var cooldownMarks: [String: [OccurrenceKey: CooldownMark]] = [:]
    /// Events after signup of the kinds that end a welcome drip, in time order.
    public var exits: [ExitEvent] = []
    /// Per event-driven campaign: the interactions its messages follow.
    public var interactions: [String: [Interaction]] = [:]

    public init(customer: Customer) {
        self.customer = customer
    }
}
