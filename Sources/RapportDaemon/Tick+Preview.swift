public import Foundation
public import RapportCore
public import RapportStore

/// One line of a preview: a decision, and for a send the message as it would be rendered now
/// (or why it could not be).
public struct PreviewItem: Sendable {
    public var decision: Decision
    public var rendering: Result<Delivery, CampaignEvaluator.Unsendable>?
}

extension Tick {
    /// What a tick would do at `now` — the same evaluation, send window and frequency cap, in the
    /// same priority order, and each message rendered as a worker would — without writing or
    /// sending anything.
    public func preview(campaigns: [Campaign], at now: Date) throws(StoreError) -> [PreviewItem] {
        let admitted = try admit(campaigns: campaigns, at: now)
        let decisions = admitted.resumed + admitted.new.flatMap(\.decisions)
        return try decisions.map { decision throws(StoreError) in
            guard case .send = decision.action,
                let campaign = campaigns.first(where: { $0.id == decision.campaignID }),
                let customer = try store.customer(id: decision.customerID)
            else { return PreviewItem(decision: decision) }
            return PreviewItem(
                decision: decision,
                rendering: evaluator(for: campaign).delivery(
                    for: customer, occurrence: decision.occurrence, at: now,
                    event: try store.triggeringEvent(of: decision.occurrence)))
        }
    }
}
