public import Foundation
public import RapportCore
public import RapportStore

extension Tick {
    /// What a tick would do at `now` — the same evaluation, send window and frequency cap, in the
    /// same priority order — without claiming, sending or writing anything. Messages the cap
    /// would expire appear as skips whose reason starts with "expired".
    public func preview(campaigns: [Campaign], at now: Date) throws(StoreError) -> [Decision] {
        var gate = CapGate(cap: frequencyCap, campaigns: campaigns, store: store)
        var decisions: [Decision] = []
        for campaign in campaigns.sorted(by: Campaign.byPriority) {
            for decision in try DueCustomers.decisions(
                for: campaign, evaluator: evaluator(for: campaign), at: now, in: store)
            {
                guard case .send(let delivery) = decision else {
                    decisions.append(decision)
                    continue
                }
                switch try gate.verdict(for: delivery, campaign: campaign, firstDue: now, at: now) {
                case .send:
                    gate.recordSend(of: delivery, campaign: campaign, at: now)
                    decisions.append(decision)
                case .hold(let until, let reason):
                    decisions.append(.deferral(delivery, until: until, reason: reason))
                case .expire(let reason):
                    decisions.append(
                        .skip(
                            campaignID: campaign.id, customerID: delivery.customerID, occurrence: delivery.occurrence,
                            reason: "expired: \(reason)"))
                }
            }
        }
        return decisions
    }
}
