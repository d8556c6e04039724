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
    /// How long personal data is kept; nil keeps everything.
    public var retention: RetentionPolicy?
    /// The config's `language`: how `{{#date}}` and `{{#money}}` read in default messages.
    public var defaultLanguage = DisplayLanguage.en

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
        evaluator.defaultLanguage = defaultLanguage
        return evaluator
    }

    /// Records every occurrence due at `now` in the ledger; renders and sends nothing.
    public func evaluate(campaigns: [Campaign], at now: Date, logger: Logger) throws(StoreError) -> TickReport {
        var report = TickReport()
        for campaign in campaigns {
            if let previous = try store.lastEvaluation(of: campaign.id),
                now.timeIntervalSince(previous) > DueCustomers.longestSearch
            {
                logger.warning(
                    "campaign not evaluated for longer than the missed-occurrence search reaches",
                    metadata: [
                        "campaign": "\(campaign.id)", "last_evaluated": "\(Timestamp.format(previous))",
                        "searched_from": "\(Timestamp.format(now.addingTimeInterval(-DueCustomers.longestSearch)))",
                    ])
            }
        }
        // Decided and recorded under the store's admission lock: another daemon's pass in the
        // same second sees these messages in each customer's history, never room they took.
        try store.admitting { () throws(StoreError) in
            let admitted = try admit(campaigns: campaigns, at: now)
            for decision in admitted.resumed where try store.resume(decision, at: now) {
                note(decision, in: &report, logger: logger)
            }
            for (campaign, decisions) in admitted.new {
                // Every campaign evaluated is in the report, with zeros when nothing was due.
                report.counts[campaign.id] = report.counts[campaign.id] ?? TickReport.Counts()
                // One transaction per campaign: a tick's cost follows what is due, not one commit per row.
                let recorded = try store.record(decisions, transport: campaign.transport, at: now)
                for (decision, isNew) in zip(decisions, recorded) where isNew {
                    note(decision, in: &report, logger: logger)
                }
                try store.recordEvaluation(of: campaign.id, at: now)
            }
        }
        return report
    }

    /// Counts and logs a decision the ledger took.
    private func note(_ decision: Decision, in report: inout TickReport, logger: Logger) {
        let metadata: Logger.Metadata = [
            "campaign": "\(decision.campaignID)", "customer": "\(decision.customerID)",
            "occurrence": "\(decision.occurrence)",
        ]
        switch decision.action {
        case .send:
            report.count(.queued, of: decision.campaignID)
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
