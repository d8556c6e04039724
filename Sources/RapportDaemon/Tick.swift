public import Foundation
public import Logging
public import RapportCore
public import RapportStore

/// One pass of the daemon: evaluate every campaign at `now` — each due occurrence becomes a
/// ledger row, queued, deferred, skipped or expired — then let the courier deliver what is due.
///
/// The unique occurrence key, not timing, decides that an occurrence is recorded once, even
/// with overlapping ticks or two daemons on one store.
public struct Tick: Sendable {
    public var store: Store
    public var sender: SenderIdentity
    public var defaultZone: TimeZone
    public var courier: Courier
    public var links: LinkSettings?
    public var defaultWindow: SendWindow?
    public var frequencyCap: FrequencyCap?
    /// Which address each transport sends to (email unless named here).
    public var addressKinds: [String: AddressKind]

    public init(
        store: Store, sender: SenderIdentity, defaultZone: TimeZone, courier: Courier, links: LinkSettings? = nil,
        defaultWindow: SendWindow? = nil, frequencyCap: FrequencyCap? = nil, addressKinds: [String: AddressKind] = [:]
    ) {
        self.addressKinds = addressKinds
        self.store = store
        self.sender = sender
        self.defaultZone = defaultZone
        self.courier = courier
        self.links = links
        self.defaultWindow = defaultWindow
        self.frequencyCap = frequencyCap
    }

    /// Evaluates, then delivers everything due at `now`.
    public func run(campaigns: [Campaign], at now: Date, logger: Logger) async throws(StoreError) -> TickReport {
        var report = try evaluate(campaigns: campaigns, at: now, logger: logger)
        let evaluators = Dictionary(uniqueKeysWithValues: campaigns.map { ($0.id, evaluator(for: $0)) })
        report.merge(await courier.deliverDue(evaluators: evaluators, at: now, logger: logger))
        return report
    }

    public func evaluator(for campaign: Campaign) -> CampaignEvaluator {
        var evaluator = CampaignEvaluator(
            campaign: campaign, sender: sender, defaultZone: defaultZone, links: links, defaultWindow: defaultWindow)
        evaluator.addressKinds = addressKinds
        return evaluator
    }

    /// Records every occurrence due at `now` in the ledger; renders and sends nothing.
    public func evaluate(campaigns: [Campaign], at now: Date, logger: Logger) throws(StoreError) -> TickReport {
        var report = TickReport()
        var gate = FrequencyCapGate(cap: frequencyCap, campaigns: campaigns, store: store)
        for decision in try dueDeferrals(campaigns: campaigns, gate: &gate, at: now)
        where try store.resume(decision, at: now) {
            note(decision, in: &report, gate: &gate, campaigns: campaigns, at: now, logger: logger)
        }
        for campaign in campaigns.sorted(by: Campaign.byPriority) {
            // Every campaign evaluated is in the report, with zeros when nothing was due.
            report.counts[campaign.id] = report.counts[campaign.id] ?? TickReport.Counts()
            let previous = try store.lastEvaluation(of: campaign.id)
            if let previous, now.timeIntervalSince(previous) > DueCustomers.longestSearch {
                logger.warning(
                    "campaign not evaluated for longer than the missed-occurrence search reaches",
                    metadata: [
                        "campaign": "\(campaign.id)", "last_evaluated": "\(Timestamp.format(previous))",
                        "searched_from": "\(Timestamp.format(now.addingTimeInterval(-DueCustomers.longestSearch)))",
                    ])
            }
            let due = try DueCustomers.decisions(
                for: campaign, evaluator: evaluator(for: campaign), at: now, previous: previous, in: store)
            try gate.preload(due.map(\.customerID), at: now)
            var decisions: [Decision] = []
            for decision in due {
                decisions.append(try gate.admit(decision, campaign: campaign, firstDue: now, at: now))
            }
            // One transaction per campaign: a tick's cost follows what is due, not one commit per row.
            let recorded = try store.record(decisions, transport: campaign.transport, at: now)
            for (decision, isNew) in zip(decisions, recorded) where isNew {
                note(decision, in: &report, gate: &gate, campaigns: campaigns, at: now, logger: logger)
            }
            try store.recordEvaluation(of: campaign.id, at: now)
        }
        return report
    }

    /// The deferred occurrences whose time has come, decided again: queued if the customer
    /// still wants them and the window and cap allow, deferred again, or skipped. A deferral of
    /// a campaign that is gone or broken stays until it is back.
    func dueDeferrals(campaigns: [Campaign], gate: inout FrequencyCapGate, at now: Date) throws(StoreError)
        -> [Decision]
    {
        var decisions: [Decision] = []
        for entry in try store.dueDeferrals(at: now) {
            guard let campaign = campaigns.first(where: { $0.id == entry.campaignID }) else { continue }
            let evaluator = evaluator(for: campaign)
            if let customer = try store.customer(id: entry.customerID), evaluator.isEligible(customer) {
                let exit = try store.exitEvents(of: campaign.exitEvents, for: [customer.id], until: now)[customer.id]
                let due = evaluator.decision(for: customer, occurrence: entry.occurrence, at: now, exit: exit)
                decisions.append(try gate.admit(due, campaign: campaign, firstDue: entry.createdAt, at: now))
            } else {
                decisions.append(
                    Decision(
                        campaignID: campaign.id, customerID: entry.customerID, occurrence: entry.occurrence,
                        action: .skip(reason: "unsubscribed or left the audience while deferred")))
            }
        }
        return decisions
    }

    /// Counts and logs a decision the ledger took, and lets the cap count a queued send.
    private func note(
        _ decision: Decision, in report: inout TickReport, gate: inout FrequencyCapGate, campaigns: [Campaign],
        at now: Date, logger: Logger
    ) {
        let metadata: Logger.Metadata = [
            "campaign": "\(decision.campaignID)", "customer": "\(decision.customerID)",
            "occurrence": "\(decision.occurrence)",
        ]
        switch decision.action {
        case .send:
            report.count(.queued, of: decision.campaignID)
            if let campaign = campaigns.first(where: { $0.id == decision.campaignID }) {
                gate.recordSend(of: decision, campaign: campaign, at: now)
            }
        case .deferral(_, let reason):
            report.count(.deferred, of: decision.campaignID)
            logger.info("deferred", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
        case .skip(let reason):
            report.count(.skipped, of: decision.campaignID)
            logger.info("skipped", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
        case .expiry(let reason):
            report.count(.expired, of: decision.campaignID)
            logger.info("expired", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
        case .holdout:
            report.count(.heldOut, of: decision.campaignID)
        }
    }
}
