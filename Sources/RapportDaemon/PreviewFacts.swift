import Foundation
import RapportCore
import RapportStore

/// Reads from the store, once for a preview's whole window, what its ticks would read a tick at a
/// time: first which customers each campaign's candidate selection over the span holds (the
/// selections `DueCustomers` makes), then, a slice of customers at a time so that memory follows
/// the slice and not the store, those customers with the ledger rows, recent sends, cooldowns and
/// exit events that decide what happens to them.
struct PreviewFacts {
    let store: Store
    let simulation: PreviewSimulation
    /// Per customer id: the campaigns whose candidates they are.
    private(set) var candidateOf: [String: Set<String>] = [:]
    /// Per customer id and event-driven campaign: the interactions its messages follow.
    private var interactions: [String: [String: [Interaction]]] = [:]
    /// Per customer id: the store's rows that move during the window.
    private var open: [String: [LedgerEntry]] = [:]

    /// Selects the candidates over the window.
    init(store: Store, simulation: PreviewSimulation) throws(StoreError) {
        self.store = store
        self.simulation = simulation
        guard let last = simulation.ticks.instants.last else { return }
        for evaluator in simulation.evaluators {
            let campaign = evaluator.campaign
            guard let start = simulation.searchStart(of: campaign.id) else { continue }
            if let rule = campaign.trigger.eventRule {
                for (customer, interaction) in try store.interactions(
                    of: rule.kinds, in: rule.candidateRange(from: start, to: last), attributes: false)
                {
                    candidateOf[customer.id, default: []].insert(campaign.id)
                    interactions[customer.id, default: [:]][campaign.id, default: []].append(interaction)
                }
            } else {
                for customer in try DueCustomers.candidates(
                    for: campaign, evaluator: evaluator, from: start, to: last, in: store)
                {
                    candidateOf[customer.id, default: []].insert(campaign.id)
                }
            }
        }
        for entry in try store.dueDeferrals(at: last) + store.waitingDeliveries(readyBy: last) {
            open[entry.customerID, default: []].append(entry)
        }
    }

    /// Every customer with anything that could happen in the window, in id order.
    var customerIDs: [String] { Set(candidateOf.keys).union(open.keys).sorted() }

    /// What the store holds about these customers; a row of a customer since deleted is left as
    /// it is.
    func facts(for ids: [String]) throws(StoreError) -> [CustomerFacts] {
        var facts: [String: CustomerFacts] = [:]
        for customer in try store.customers(ids: ids) {
            var known = CustomerFacts(customer: customer)
            known.candidateOf = candidateOf[customer.id] ?? []
            known.interactions = interactions[customer.id] ?? [:]
            known.open = open[customer.id] ?? []
            facts[customer.id] = known
        }
        for evaluator in simulation.evaluators {
            let campaign = evaluator.campaign
            let candidates = ids.filter { candidateOf[$0]?.contains(campaign.id) == true }
            guard !candidates.isEmpty else { continue }
            for key in try store.recordedOccurrences(of: campaign.id, for: candidates) {
                facts[key.customerID]?.recorded[campaign.id, default: []].insert(key.occurrence)
            }
            if campaign.trigger.eventRule != nil {
                for (customerID, marks) in try store.cooldownMarks(of: campaign.id, for: candidates) {
                    facts[customerID]?.cooldownMarks[campaign.id] = marks
                }
            }
        }
        let exitKinds = Set(simulation.evaluators.flatMap(\.campaign.exitEvents)).sorted()
        let last = simulation.ticks.instants.last ?? .distantPast
        for (customerID, exits) in try store.exitEventHistory(of: exitKinds, for: ids, until: last) {
            facts[customerID]?.exits = exits
        }
        if let cap = simulation.frequencyCap, let first = simulation.ticks.instants.first {
            let capped = simulation.evaluators.map(\.campaign).filter { FrequencyCap.applies(to: $0.category) }
            for (customerID, sends) in try store.recentSends(
                customerIDs: ids, campaignIDs: capped.map(\.id), since: first.addingTimeInterval(-cap.per.timeInterval))
            {
                facts[customerID]?.capHistory = sends
            }
        }
        return ids.compactMap { facts[$0] }
    }
}
