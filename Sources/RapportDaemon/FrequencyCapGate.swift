import Foundation
import RapportCore
import RapportStore

/// Applies the frequency cap to one tick's decisions, taken in priority order: each send uses a
/// slot, a message with no slot left waits for the next one, and one that would wait past its
/// campaign's `max_delay` expires. Preview runs the same gate without writing anything.
struct FrequencyCapGate {
    let cap: FrequencyCap?
    /// Campaigns whose messages count against the cap.
    let cappedCampaignIDs: [String]
    let store: Store
    /// Per customer: sends in the cap's period, loaded from the ledger once and kept current.
    private var history: [String: [Date]] = [:]

    init(cap: FrequencyCap?, campaigns: [Campaign], store: Store) {
        self.cap = cap
        self.cappedCampaignIDs = campaigns.filter { FrequencyCap.applies(to: $0.category) }.map(\.id)
        self.store = store
    }

    /// `decision` as the cap allows it: a send without room becomes a deferral until the next
    /// slot, or an expiry when that is past `max_delay` after `firstDue` (when it first became
    /// due, earlier than now for a deferred one). Other decisions pass unchanged.
    mutating func admit(_ decision: Decision, campaign: Campaign, firstDue: Date, at now: Date) throws(StoreError)
        -> Decision
    {
        guard case .send = decision.action, let cap, FrequencyCap.applies(to: campaign.category) else {
            return decision
        }
        let recent = try sends(of: decision.customerID, cap: cap, at: now)
        guard let slot = cap.nextSlot(after: recent, at: now) else { return decision }
        let reason = "frequency cap \(cap) reached; room again at \(Timestamp.format(slot))"
        if slot > firstDue.addingTimeInterval(campaign.maxDelay.timeInterval) {
            return decision.with(.expiry(reason: "\(reason), past max_delay \(campaign.maxDelay)"))
        }
        return decision.with(.deferral(until: slot, reason: reason))
    }

    /// Counts a message queued at `now` against the customer's cap.
    mutating func recordSend(of decision: Decision, campaign: Campaign, at now: Date) {
        guard cap != nil, FrequencyCap.applies(to: campaign.category), history[decision.customerID] != nil else {
            return
        }
        history[decision.customerID, default: []].append(now)
    }

    /// Loads, in one query, the cap's history of the customers a batch of decisions is about.
    mutating func preload(_ customerIDs: [String], at now: Date) throws(StoreError) {
        guard let cap else { return }
        let unknown = Array(Set(customerIDs).filter { history[$0] == nil })
        guard !unknown.isEmpty else { return }
        let loaded = try store.recentSends(
            customerIDs: unknown, campaignIDs: cappedCampaignIDs, since: now.addingTimeInterval(-cap.per.timeInterval))
        for customerID in unknown { history[customerID] = loaded[customerID] ?? [] }
    }

    private mutating func sends(of customerID: String, cap: FrequencyCap, at now: Date) throws(StoreError) -> [Date] {
        if history[customerID] == nil {
            try preload([customerID], at: now)
        }
        return history[customerID] ?? []
    }
}

extension Campaign {
    /// Higher priority first, then by id, so a tick's order is stable.
    static func byPriority(_ lhs: Campaign, _ rhs: Campaign) -> Bool {
        lhs.priority != rhs.priority ? lhs.priority > rhs.priority : lhs.id < rhs.id
    }
}
