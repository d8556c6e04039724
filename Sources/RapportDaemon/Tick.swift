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
        var gate = FrequencyCapGate(cap: frequencyCap, campaigns: campaigns, store: store)
        try await resumeDeferred(campaigns: campaigns, gate: &gate, at: now, report: &report, logger: logger)
        for campaign in campaigns.sorted(by: Campaign.byPriority) {
            var counts = report.counts[campaign.id] ?? TickReport.Counts()
            let previous = try store.lastEvaluation(of: campaign.id)
            if let previous, now.timeIntervalSince(previous) > DueCustomers.longestSearch {
                logger.warning(
                    "campaign not evaluated for longer than the missed-occurrence search reaches",
                    metadata: [
                        "campaign": "\(campaign.id)", "last_evaluated": "\(Timestamp.format(previous))",
                        "searched_from": "\(Timestamp.format(now.addingTimeInterval(-DueCustomers.longestSearch)))",
                    ])
            }
            for due in try DueCustomers.decisions(
                for: campaign, evaluator: evaluator(for: campaign), at: now, previous: previous, in: store)
            {
                let decision = try gate.admit(due, campaign: campaign, firstDue: now, at: now)
                try await act(
                    on: decision, row: .new, campaign: campaign, gate: &gate, counts: &counts, at: now, logger: logger)
            }
            try store.recordEvaluation(of: campaign.id, at: now)
            report.counts[campaign.id] = counts
        }
        return report
    }

    public func evaluator(for campaign: Campaign) -> CampaignEvaluator {
        CampaignEvaluator(
            campaign: campaign, sender: sender, defaultZone: defaultZone, links: links, defaultWindow: defaultWindow)
    }

    /// Sends the deferred occurrences whose time has come, re-checking that the customer still
    /// wants them. A deferral of a campaign that is gone or broken stays until it is back.
    private func resumeDeferred(
        campaigns: [Campaign], gate: inout FrequencyCapGate, at now: Date, report: inout TickReport, logger: Logger
    ) async throws(StoreError) {
        for entry in try store.dueDeferrals(at: now) {
            guard let campaign = campaigns.first(where: { $0.id == entry.campaignID }) else { continue }
            var counts = report.counts[campaign.id] ?? TickReport.Counts()
            let row = LedgerRow.deferred(LedgerKey(customerID: entry.customerID, occurrence: entry.occurrence))
            let evaluator = evaluator(for: campaign)
            let decision: Decision
            if let customer = try store.customer(id: entry.customerID), evaluator.isEligible(customer) {
                let exit = try store.exitEvents(of: campaign.exitEvents, for: [customer.id], until: now)[customer.id]
                let due = evaluator.decision(for: customer, occurrence: entry.occurrence, at: now, exit: exit)
                decision = try gate.admit(due, campaign: campaign, firstDue: entry.createdAt, at: now)
            } else {
                decision = .skip(
                    campaignID: campaign.id, customerID: entry.customerID, occurrence: entry.occurrence,
                    reason: "unsubscribed or left the audience while deferred")
            }
            try await act(
                on: decision, row: row, campaign: campaign, gate: &gate, counts: &counts, at: now, logger: logger)
            report.counts[campaign.id] = counts
        }
    }

    /// Where a decision's ledger row stands: not written yet, or waiting as `deferred`.
    private enum LedgerRow {
        case new
        case deferred(LedgerKey)
    }

    /// Carries out one decision: writes (or moves) its ledger row, and sends what may go.
    private func act(
        on decision: Decision, row: LedgerRow, campaign: Campaign, gate: inout FrequencyCapGate,
        counts: inout TickReport.Counts, at now: Date, logger: Logger
    ) async throws(StoreError) {
        let metadata: Logger.Metadata = ["campaign": "\(campaign.id)", "customer": "\(decision.customerID)"]
        func unsent(_ status: DeliveryStatus, _ reason: String) throws(StoreError) -> Bool {
            switch row {
            case .new:
                try store.recordUnsent(
                    campaignID: campaign.id, customerID: decision.customerID, occurrence: decision.occurrence,
                    reason: reason, status: status, at: now)
            case .deferred(let key):
                try store.resume(key, of: campaign.id, as: status, reason: reason, at: now)
            }
        }
        switch decision {
        case .skip(_, _, _, let reason):
            if try unsent(.skipped, reason) {
                counts.skipped += 1
                logger.warning("skipped", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
            }
        case .expiry(_, _, _, let reason):
            if try unsent(.expired, reason) {
                counts.expired += 1
                logger.info("expired", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
            }
        case .deferral(let delivery, let until, let reason):
            switch row {
            case .new:
                if try store.deferDelivery(
                    delivery, transport: campaign.transport, until: until, reason: reason, at: now)
                {
                    counts.deferred += 1
                    logger.info("deferred", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
                }
            case .deferred(let key):
                _ = try store.resume(key, of: campaign.id, as: .deferred, reason: reason, notBefore: until, at: now)
            }
        case .send(let delivery):
            let claimed = await deliver(delivery, campaign: campaign, at: now, counts: &counts, logger: logger) {
                () throws(StoreError) in
                switch row {
                case .new: try store.claim(delivery, transport: campaign.transport, at: now)
                case .deferred(let key): try store.resume(key, of: campaign.id, as: .sending, at: now)
                }
            }
            if claimed { gate.recordSend(of: delivery, campaign: campaign, at: now) }
        }
    }

    /// Claims through `claim` (false: someone else has it), then sends and records the outcome.
    /// Returns whether this tick claimed it (and so handed it to the transport).
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
