import Foundation
import RapportCore
import RapportStore

/// What one moment's admission pass decided, in admission order, for the tick to record or the
/// preview to print.
struct Admitted {
    /// Deferrals whose time came, decided again.
    var resumed: [Decision] = []
    /// Occurrences newly due, per campaign in priority order (every campaign, even with none).
    var new: [(campaign: Campaign, decisions: [Decision])] = []
}

extension Tick {
    /// Everything that could be sent at `now` — deferrals whose time has come, decided again, and
    /// each campaign's newly due occurrences — through one `AdmissionPass`, so the cap counts each
    /// message before the next and priority holds whichever of them was deferred.
    func admit(campaigns: [Campaign], at now: Date) throws(StoreError) -> Admitted {
        var candidates: [AdmissionCandidate] = []
        for entry in try store.dueDeferrals(at: now) {
            // A deferral of a campaign that is gone or broken stays until it is back.
            guard let campaign = campaigns.first(where: { $0.id == entry.campaignID }) else { continue }
            let decision: Decision
            if let customer = try store.customer(id: entry.customerID) {
                let exit = try store.exitEvents(of: campaign.exitEvents, for: [customer.id], until: now)[customer.id]
                decision = evaluator(for: campaign).resumption(
                    for: customer, occurrence: entry.occurrence, deferredAt: entry.createdAt, at: now, exit: exit)
            } else {
                decision = Decision(
                    campaignID: campaign.id, customerID: entry.customerID, occurrence: entry.occurrence,
                    action: .skip(reason: "the customer is no longer in the store"))
            }
            candidates.append(
                AdmissionCandidate(decision: decision, campaign: campaign, firstDue: entry.createdAt, isResumed: true))
        }
        let ordered = campaigns.sorted(by: Campaign.byPriority)
        for campaign in ordered {
            let due = try DueCustomers.decisions(
                for: campaign, evaluator: evaluator(for: campaign), at: now,
                previous: try store.lastEvaluation(of: campaign.id), in: store)
            candidates += due.map {
                AdmissionCandidate(decision: $0, campaign: campaign, firstDue: now, isResumed: false)
            }
        }
        var pass = AdmissionPass(
            cap: frequencyCap, history: try capHistory(of: candidates, campaigns: campaigns, at: now),
            reservations: try reservations(for: candidates, campaigns: campaigns, at: now))
        var admitted = Admitted()
        var new: [String: [Decision]] = [:]
        for candidate in pass.admit(candidates, at: now) {
            if candidate.isResumed {
                admitted.resumed.append(candidate.decision)
            } else {
                new[candidate.decision.campaignID, default: []].append(candidate.decision)
            }
        }
        admitted.new = ordered.map { ($0, new[$0.id] ?? []) }
        return admitted
    }

    /// The customers' capped messages handed over within the cap's period before `now`.
    private func capHistory(of candidates: [AdmissionCandidate], campaigns: [Campaign], at now: Date)
        throws(StoreError) -> [String: [Date]]
    {
        guard let frequencyCap else { return [:] }
        let customerIDs = Set(candidates.filter(\.isCappedSend).map(\.decision.customerID))
        guard !customerIDs.isEmpty else { return [:] }
        return try store.recentSends(
            customerIDs: Array(customerIDs),
            campaignIDs: campaigns.filter { FrequencyCap.applies(to: $0.category) }.map(\.id),
            since: now.addingTimeInterval(-frequencyCap.per.timeInterval))
    }

    /// For customers with a capped message that could go now: the occurrences of higher-priority
    /// campaigns known to fall due within the cap's period, for which room is kept.
    private func reservations(for candidates: [AdmissionCandidate], campaigns: [Campaign], at now: Date)
        throws(StoreError) -> [String: [Reservation]]
    {
        guard let frequencyCap else { return [:] }
        let reserving = campaigns.filter(\.reservesRoom)
        let end = now.addingTimeInterval(frequencyCap.per.timeInterval)
        var reservations: [String: [Reservation]] = [:]
        for customerID in AdmissionCandidate.keepingRoom(among: candidates, campaigns: campaigns).sorted() {
            guard let customer = try store.customer(id: customerID) else { continue }
            let known = reserving.flatMap { evaluator(for: $0).reservations(for: customer, after: now, before: end) }
            if !known.isEmpty { reservations[customerID] = known }
        }
        return reservations
    }
}
