public import Foundation

/// The daemon's ticks over a preview's window, played for one customer at a time: each
/// occurrence is placed at the first tick at or after it opens (or recorded missed at the tick
/// after it closed unseen), and only the ticks where something of the customer's is due are
/// played — evaluation, admission under the frequency cap in priority order, deferrals and their
/// resumption, then delivery by a transport that sends nothing. A month of ticks costs what the
/// customer's occurrences cost, not 720 evaluations of the whole store.
///
/// Customers are independent: the frequency cap, cooldowns and drips are each one customer's. A
/// tick decides exactly what `Tick` decides at the same instants, which `IntervalPreviewTests`
/// checks against the daemon's own ticks run on a copy of the store.
public struct PreviewSimulation: Sendable {
    /// Every campaign's evaluator, in the order the campaigns were given.
    public let evaluators: [CampaignEvaluator]
    /// The same, higher priority first: the order a tick evaluates campaigns in.
    let prioritized: [CampaignEvaluator]
    public var ticks: SimulatedTicks
    public var frequencyCap: FrequencyCap?
    /// How far back a tick looks for occurrences missed while no evaluation ran.
    public var longestSearch: TimeInterval
    /// The reply the ledger records for each message the dry run takes.
    public var dryRunReply: String

    public init(
        evaluators: [CampaignEvaluator], ticks: SimulatedTicks, frequencyCap: FrequencyCap?,
        longestSearch: TimeInterval, dryRunReply: String
    ) {
        self.evaluators = evaluators
        prioritized = evaluators.sorted { Campaign.byPriority($0.campaign, $1.campaign) }
        self.ticks = ticks
        self.frequencyCap = frequencyCap
        self.longestSearch = longestSearch
        self.dryRunReply = dryRunReply
    }

    /// Where a campaign's occurrences are looked for: from its previous evaluation (as far back as
    /// a tick searches for missed ones), or from the first tick when it was never evaluated.
    public func searchStart(of campaignID: String) -> Date? {
        guard let first = ticks.instants.first else { return nil }
        guard let previous = ticks.lastEvaluations[campaignID] else { return first }
        return min(first, max(previous, first.addingTimeInterval(-longestSearch)))
    }

    /// One ledger row a preview lists: written during the window, or open before it and final
    /// since; with the message as it would go, for a send.
    public struct Row: Sendable {
        public var entry: LedgerEntry
        public var delivery: Delivery?
    }

    /// The customer's rows over the window, in the order the ticks decided them.
    public func run(_ facts: CustomerFacts, lookups: some PreviewLookups) throws -> [Row] {
        var run = CustomerRun(simulation: self, facts: facts)
        try run.play(lookups: lookups)
        return run.rows()
    }
}
