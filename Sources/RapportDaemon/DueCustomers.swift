import Foundation
import RapportCore
import RapportStore

/// Asks the store for the customers a campaign's trigger could fire for now — a narrow indexed
/// query per trigger — and lets the evaluator decide on them exactly. A tick and a preview use
/// this same path, so a preview shows what a tick would do.
enum DueCustomers {
    static func decisions(
        for campaign: Campaign, evaluator: CampaignEvaluator, at now: Date, in store: Store
    ) throws(StoreError) -> [Decision] {
        let zone = evaluator.defaultZone
        switch campaign.trigger {
        case .welcome(let welcome):
            let until = now.addingTimeInterval(-welcome.delay.timeInterval)
            let from = welcome.earliestSignup(in: zone)
            guard from <= until else { return [] }
            let candidates = try store.customersSignedUp(
                from: from, until: until, withoutOccurrence: WelcomeTrigger.occurrence, of: campaign.id)
            return evaluator.decisions(for: candidates, at: now)
        case .birthday(let birthday):
            // A birthday occurrence is due within one UTC day either side of `now`; a ledger row
            // from the last two days is this year's, an older one is last year's.
            let candidates = try store.customersWithBirthday(
                on: birthday.candidateMonthDays(at: now), withoutDeliveryOf: campaign.id,
                since: now.addingTimeInterval(-2 * 86_400))
            return evaluator.decisions(for: candidates, at: now)
        case .inactivity(let inactivity):
            let candidates = try store.customersLastActive(
                in: inactivity.candidateBaseRanges(at: now), orSignup: inactivity.fromSignup)
            return try decisions(evaluator.decisions(for: candidates, at: now), notIn: store, of: campaign.id)
        case .nps(let nps):
            let interactions = try store.interactions(of: nps.kinds, in: nps.candidateRange(at: now))
            let lastSurveyed = try store.lastDelivery(of: campaign.id, for: interactions.map(\.customer.id))
            let decisions = evaluator.decisions(forInteractions: interactions, lastSurveyed: lastSurveyed, at: now)
            return try self.decisions(decisions, notIn: store, of: campaign.id)
        case .renewal(let renewal):
            let candidates = try store.customersWithRenewal(on: renewal.candidateRenewalDates(at: now))
            return try decisions(evaluator.decisions(for: candidates, at: now), notIn: store, of: campaign.id)
        }
    }

    /// Leaves out occurrences the ledger already holds, so a tick does not try to claim them again.
    static func decisions(_ decisions: [Decision], notIn store: Store, of campaignID: String) throws(StoreError)
        -> [Decision]
    {
        let recorded = try store.recordedOccurrences(of: campaignID, for: decisions.map(\.customerID))
        return decisions.filter { !recorded.contains(LedgerKey(customerID: $0.customerID, occurrence: $0.occurrence)) }
    }
}
