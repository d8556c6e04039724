import Foundation
import RapportCore
import RapportStore

/// Asks the store for the customers a campaign's trigger could fire for now — a narrow indexed
/// query per trigger — and lets the evaluator decide on them exactly. A tick and a preview use
/// this same path, so a preview shows what a tick would do.
enum DueCustomers {
    /// How far back a tick searches for occurrences missed while no evaluation ran; a longer
    /// pause is searched from this far back only, and the tick says so in the log.
    static let longestSearch: TimeInterval = 35 * 86_400

    /// The decisions for occurrences open at `now`, and expiries for those that opened and closed
    /// since the `previous` evaluation (nil: the campaign was never evaluated, so nothing before
    /// now is its business).
    static func decisions(
        for campaign: Campaign, evaluator: CampaignEvaluator, at now: Date, previous: Date?, in store: Store
    ) throws(StoreError) -> [Decision] {
        var decisions: [Decision] = []
        if let previous, now.timeIntervalSince(previous) >= campaign.shortestSpan {
            decisions += try missed(
                for: campaign, evaluator: evaluator, after: max(previous, now.addingTimeInterval(-longestSearch)),
                before: now, in: store)
        }
        return try decisions + open(for: campaign, evaluator: evaluator, at: now, in: store)
    }

    private static func open(for campaign: Campaign, evaluator: CampaignEvaluator, at now: Date, in store: Store)
        throws(StoreError) -> [Decision]
    {
        if let rule = campaign.trigger.eventRule {
            let interactions = try store.interactions(
                of: rule.kinds, in: rule.candidateRange(from: now, to: now),
                attributes: campaign.audience.readsAttributes)
            let lastSurveyed = try store.lastDelivery(of: campaign.id, for: interactions.map(\.customer.id))
            let decisions = evaluator.decisions(forInteractions: interactions, lastSurveyed: lastSurveyed, at: now)
            return try self.decisions(decisions, notIn: store, of: campaign.id)
        }
        let candidates = try candidates(for: campaign, evaluator: evaluator, from: now, to: now, in: store)
        let exits = try store.exitEvents(of: campaign.exitEvents, for: candidates.map(\.id), until: now)
        return try decisions(
            evaluator.decisions(for: candidates, at: now, exits: exits), notIn: store, of: campaign.id)
    }

    /// Expiries for occurrences whose whole span fell between `previous` and `now`.
    private static func missed(
        for campaign: Campaign, evaluator: CampaignEvaluator, after previous: Date, before now: Date, in store: Store
    ) throws(StoreError) -> [Decision] {
        if let rule = campaign.trigger.eventRule {
            let interactions = try store.interactions(
                of: rule.kinds, in: rule.candidateRange(from: previous, to: now),
                attributes: campaign.audience.readsAttributes)
            return try decisions(
                evaluator.missedDecisions(forInteractions: interactions, after: previous, before: now), notIn: store,
                of: campaign.id)
        }
        let candidates = try candidates(for: campaign, evaluator: evaluator, from: previous, to: now, in: store)
        return try decisions(
            evaluator.missedDecisions(for: candidates, after: previous, before: now), notIn: store, of: campaign.id)
    }

    /// Customers whose occurrences can be open or missed between `start` and `end`: one narrow
    /// indexed query per trigger. Surveys follow interactions, not customers: none here. Their
    /// free attributes are read only when the campaign's audience tests them, or `attributes`.
    static func candidates(
        for campaign: Campaign, evaluator: CampaignEvaluator, from start: Date, to end: Date, in store: Store,
        attributes: Bool = false
    ) throws(StoreError) -> [Customer] {
        let attributes = attributes || campaign.audience.readsAttributes
        switch campaign.trigger {
        case .welcome(let welcome):
            return try signups(
                for: campaign, welcome: welcome, from: start, to: end, zone: evaluator.defaultZone,
                attributes: attributes, in: store)
        case .birthday(let birthday):
            // A birthday is due within one UTC day either side of an instant; a ledger row from the
            // two days before `start` is this year's, an older one is last year's.
            return try store.customersWithBirthday(
                on: birthday.candidateMonthDays(from: start, to: end), withoutDeliveryOf: campaign.id,
                since: start.addingTimeInterval(-2 * 86_400), attributes: attributes)
        case .inactivity(let inactivity):
            return try store.customersLastActive(
                in: inactivity.candidateBaseRanges(from: start, to: end), orSignup: inactivity.fromSignup,
                attributes: attributes)
        case .renewal(let renewal):
            // The dates any zone can be due on; each customer is then held to their own zone's.
            return try store.customersWithRenewal(
                on: renewal.candidateRenewalDates(from: start, to: end),
                zoneDates: { zone in
                    renewal.candidateRenewalDates(
                        from: start, to: end, in: Customer.zone(named: zone, default: evaluator.defaultZone))
                }, attributes: attributes)
        case .nps, .event:
            return []
        }
    }

    /// Customers whose welcome steps can be open or missed between `start` and `end`, once each.
    private static func signups(
        for campaign: Campaign, welcome: WelcomeTrigger, from start: Date, to end: Date, zone: TimeZone,
        attributes: Bool, in store: Store
    ) throws(StoreError) -> [Customer] {
        var seen: Set<String> = []
        var candidates: [Customer] = []
        for (step, range) in welcome.candidateSignups(from: start, to: end, in: zone) {
            for customer in try store.customersSignedUp(
                from: range.lowerBound, until: range.upperBound, withoutOccurrence: step.key, of: campaign.id,
                attributes: attributes)
            where seen.insert(customer.id).inserted {
                candidates.append(customer)
            }
        }
        return candidates
    }

    /// Leaves out occurrences the ledger already holds, so a tick does not try to claim them again.
    static func decisions(_ decisions: [Decision], notIn store: Store, of campaignID: String) throws(StoreError)
        -> [Decision]
    {
        let recorded = try store.recordedOccurrences(of: campaignID, for: decisions.map(\.customerID))
        return decisions.filter { !recorded.contains(LedgerKey(customerID: $0.customerID, occurrence: $0.occurrence)) }
    }
}
