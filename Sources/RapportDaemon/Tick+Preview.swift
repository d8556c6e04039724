public import Foundation
public import RapportCore
public import RapportStore

extension Tick {
    /// What a tick would do at `now` — the same evaluation, send window and frequency cap, in the
    /// same priority order — without claiming, sending or writing anything.
    public func preview(campaigns: [Campaign], at now: Date) throws(StoreError) -> [Decision] {
        var gate = FrequencyCapGate(cap: frequencyCap, campaigns: campaigns, store: store)
        var decisions: [Decision] = []
        for campaign in campaigns.sorted(by: Campaign.byPriority) {
            for due in try DueCustomers.decisions(
                for: campaign, evaluator: evaluator(for: campaign), at: now,
                previous: try store.lastEvaluation(of: campaign.id), in: store)
            {
                let decision = try gate.admit(due, campaign: campaign, firstDue: now, at: now)
                if case .send(let delivery) = decision { gate.recordSend(of: delivery, campaign: campaign, at: now) }
                decisions.append(decision)
            }
        }
        return decisions
    }
}
