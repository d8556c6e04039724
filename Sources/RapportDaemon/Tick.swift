public import Foundation
public import Logging
public import RapportCore
public import RapportStore

/// One pass of the daemon: evaluate every campaign at `now`, then deliver what is due.
///
/// Each delivery is claimed in the ledger as `sending` before its transport is called, so the
/// unique occurrence key — not timing — decides that a message goes out at most once, even
/// with overlapping ticks or two daemons on one store.
public struct Tick: Sendable {
    public var store: Store
    public var sender: SenderIdentity
    public var defaultZone: TimeZone
    public var transports: [String: any Transport]
    public var links: LinkSettings?
    public var defaultWindow: SendWindow?
    public var frequencyCap: FrequencyCap?

    public init(
        store: Store, sender: SenderIdentity, defaultZone: TimeZone, transports: [String: any Transport],
        links: LinkSettings? = nil, defaultWindow: SendWindow? = nil, frequencyCap: FrequencyCap? = nil
    ) {
        self.frequencyCap = frequencyCap
        self.defaultWindow = defaultWindow
        self.store = store
        self.sender = sender
        self.defaultZone = defaultZone
        self.transports = transports
        self.links = links
    }

    public func run(campaigns: [Campaign], at now: Date, logger: Logger) async throws(StoreError) -> TickReport {
        var report = TickReport()
        var gate = CapGate(cap: frequencyCap, campaigns: campaigns, store: store)
        try await resumeDeferred(campaigns: campaigns, gate: &gate, at: now, report: &report, logger: logger)
        for campaign in campaigns.sorted(by: Campaign.byPriority) {
            var counts = report.counts[campaign.id] ?? TickReport.Counts()
            let evaluator = evaluator(for: campaign)
            for decision in try DueCustomers.decisions(for: campaign, evaluator: evaluator, at: now, in: store) {
                switch decision {
                case .skip(let campaignID, let customerID, let occurrence, let reason):
                    if try store.recordSkip(
                        campaignID: campaignID, customerID: customerID, occurrence: occurrence, reason: reason, at: now)
                    {
                        counts.skipped += 1
                        logger.warning(
                            "skipped",
                            metadata: ["campaign": "\(campaignID)", "customer": "\(customerID)", "reason": "\(reason)"])
                    }
                case .deferral(let delivery, let until, let reason):
                    if try store.deferDelivery(
                        delivery, transport: campaign.transport, until: until, reason: reason, at: now)
                    {
                        counts.deferred += 1
                        logger.info(
                            "deferred",
                            metadata: [
                                "campaign": "\(campaign.id)", "customer": "\(delivery.customerID)",
                                "reason": "\(reason)",
                            ])
                    }
                case .send(let delivery):
                    switch try gate.verdict(for: delivery, campaign: campaign, firstDue: now, at: now) {
                    case .send:
                        if await deliver(
                            delivery, campaign: campaign, at: now, counts: &counts, logger: logger,
                            claim: {
                                () throws(StoreError) in
                                try store.claim(delivery, transport: campaign.transport, at: now)
                            })
                        {
                            gate.recordSend(of: delivery, campaign: campaign, at: now)
                        }
                    case .hold(let until, let reason):
                        if try store.deferDelivery(
                            delivery, transport: campaign.transport, until: until, reason: reason, at: now)
                        {
                            counts.deferred += 1
                        }
                    case .expire(let reason):
                        if try store.recordSkip(
                            campaignID: campaign.id, customerID: delivery.customerID, occurrence: delivery.occurrence,
                            reason: reason, status: .expired, at: now)
                        {
                            counts.expired += 1
                        }
                    }
                }
            }
            report.counts[campaign.id] = counts
        }
        return report
    }

    func evaluator(for campaign: Campaign) -> CampaignEvaluator {
        CampaignEvaluator(
            campaign: campaign, sender: sender, defaultZone: defaultZone, links: links, defaultWindow: defaultWindow)
    }

    /// Sends the deferred occurrences whose send window has opened, re-checking that the customer
    /// still wants them. A deferral of a campaign that is gone or broken stays until it is back.
    private func resumeDeferred(
        campaigns: [Campaign], gate: inout CapGate, at now: Date, report: inout TickReport, logger: Logger
    ) async throws(StoreError) {
        for entry in try store.dueDeferrals(at: now) {
            guard let campaign = campaigns.first(where: { $0.id == entry.campaignID }) else { continue }
            var counts = report.counts[campaign.id] ?? TickReport.Counts()
            defer { report.counts[campaign.id] = counts }
            let key = LedgerKey(customerID: entry.customerID, occurrence: entry.occurrence)
            let evaluator = evaluator(for: campaign)
            guard let customer = try store.customer(id: entry.customerID), evaluator.isEligible(customer) else {
                _ = try store.resume(
                    key, of: campaign.id, as: .skipped, reason: "unsubscribed or left the audience while deferred",
                    at: now)
                counts.skipped += 1
                continue
            }
            switch evaluator.decision(for: customer, occurrence: entry.occurrence, at: now) {
            case .send(let delivery):
                switch try gate.verdict(for: delivery, campaign: campaign, firstDue: entry.createdAt, at: now) {
                case .send:
                    if await deliver(
                        delivery, campaign: campaign, at: now, counts: &counts, logger: logger,
                        claim: {
                            () throws(StoreError) in try store.resume(key, of: campaign.id, as: .sending, at: now)
                        })
                    {
                        gate.recordSend(of: delivery, campaign: campaign, at: now)
                    }
                case .hold(let until, let reason):
                    _ = try store.resume(key, of: campaign.id, as: .deferred, reason: reason, notBefore: until, at: now)
                case .expire(let reason):
                    _ = try store.resume(key, of: campaign.id, as: .expired, reason: reason, at: now)
                    counts.expired += 1
                }
            case .deferral(_, let until, let reason):
                _ = try store.resume(key, of: campaign.id, as: .deferred, reason: reason, notBefore: until, at: now)
            case .skip(_, _, _, let reason):
                _ = try store.resume(key, of: campaign.id, as: .skipped, reason: reason, at: now)
                counts.skipped += 1
            }
        }
    }

    /// Claims through `claim` (false: someone else has it), then sends and records the outcome.
    /// Returns whether this tick claimed it (and so handed it to the transport).
    @discardableResult
    private func deliver(
        _ delivery: Delivery, campaign: Campaign, at now: Date, counts: inout TickReport.Counts, logger: Logger,
        claim: () throws(StoreError) -> Bool
    ) async -> Bool {
        let metadata: Logger.Metadata = [
            "campaign": "\(delivery.campaignID)", "customer": "\(delivery.customerID)",
            "occurrence": "\(delivery.occurrence)", "message_id": "\(delivery.message.messageID)",
        ]
        guard let transport = transports[campaign.transport] else {
            logger.error("no such transport", metadata: metadata.merging(["transport": "\(campaign.transport)"]) { $1 })
            return false
        }
        do {
            guard try claim() else {
                counts.alreadyClaimed += 1
                return false
            }
            let outcome: Result<TransportReceipt, TransportError>
            do {
                outcome = .success(try await transport.deliver(delivery.envelope))
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .success(let receipt):
                try store.finish(delivery, status: .sent, reply: receipt.reply, at: now)
                counts.sent += 1
                logger.info("sent", metadata: metadata.merging(["reply": "\(receipt.reply)"]) { $1 })
            case .failure(let error):
                try store.finish(delivery, status: .failed, reply: error.reply, at: now)
                counts.failed += 1
                logger.error(
                    "failed", metadata: metadata.merging(["reply": "\(error.reply)", "kind": "\(error.code)"]) { $1 })
            }
            return true
        } catch {
            logger.error("ledger write failed", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            return false
        }
    }
}
