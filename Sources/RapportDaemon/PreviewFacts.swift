import Foundation
import RapportCore
import RapportStore

/// Reads from the store, once for a preview's whole window, what its ticks would read a tick at a
/// time: each campaign's candidates over the span (the same selections `DueCustomers` makes),
/// then for those customers the ledger rows, recent sends, cooldowns and exit events that decide
/// what happens to them.
struct PreviewFacts {
    let store: Store
    let simulation: PreviewSimulation

    /// One entry per customer with anything that could happen in the window, by customer id.
    func gather() throws(StoreError) -> [CustomerFacts] {
        guard let last = simulation.ticks.instants.last, let first = simulation.ticks.instants.first else { return [] }
        var facts: [String: CustomerFacts] = [:]
        var candidates: [String: [String]] = [:]
        func add(_ customer: Customer, to campaignID: String) {
            if facts[customer.id] == nil { facts[customer.id] = CustomerFacts(customer: customer) }
            if facts[customer.id]!.candidateOf.insert(campaignID).inserted {
                candidates[campaignID, default: []].append(customer.id)
            }
        }
        for evaluator in simulation.evaluators {
            let campaign = evaluator.campaign
            guard let start = simulation.searchStart(of: campaign.id) else { continue }
            // Attributes always: the message may show them, whatever the audience tests.
            if let rule = campaign.trigger.eventRule {
                for (customer, interaction) in try store.interactions(
                    of: rule.kinds, in: rule.candidateRange(from: start, to: last), attributes: true)
                {
                    add(customer, to: campaign.id)
                    facts[customer.id]!.interactions[campaign.id, default: []].append(interaction)
                }
            } else {
                for customer in try DueCustomers.candidates(
                    for: campaign, evaluator: evaluator, from: start, to: last, in: store, attributes: true)
                {
                    add(customer, to: campaign.id)
                }
            }
        }
        for entry in try store.dueDeferrals(at: last) + store.waitingDeliveries(readyBy: last) {
            if facts[entry.customerID] == nil {
                // A row of a customer since deleted stays as it is; the daemon would skip it.
                guard let customer = try store.customer(id: entry.customerID) else { continue }
                facts[entry.customerID] = CustomerFacts(customer: customer)
            }
            facts[entry.customerID]!.open.append(entry)
        }
        for evaluator in simulation.evaluators {
            let campaign = evaluator.campaign
            let ids = candidates[campaign.id] ?? []
            for key in try store.recordedOccurrences(of: campaign.id, for: ids) {
                facts[key.customerID]?.recorded[campaign.id, default: []].insert(key.occurrence)
            }
            if campaign.trigger.eventRule != nil {
                for (customerID, marks) in try store.cooldownMarks(of: campaign.id, for: ids) {
                    facts[customerID]?.cooldownMarks[campaign.id] = marks
                }
            }
        }
        let exitKinds = Set(simulation.evaluators.flatMap(\.campaign.exitEvents)).sorted()
        let exiting = Set(
            simulation.evaluators.filter { !$0.campaign.exitEvents.isEmpty }.flatMap {
                candidates[$0.campaign.id] ?? []
            })
        for (customerID, exits) in try store.exitEventHistory(of: exitKinds, for: exiting.sorted(), until: last) {
            facts[customerID]?.exits = exits
        }
        if let cap = simulation.frequencyCap {
            let capped = simulation.evaluators.map(\.campaign).filter { FrequencyCap.applies(to: $0.category) }
            for (customerID, sends) in try store.recentSends(
                customerIDs: facts.keys.sorted(), campaignIDs: capped.map(\.id),
                since: first.addingTimeInterval(-cap.per.timeInterval))
            {
                facts[customerID]?.capHistory = sends
            }
        }
        return facts.keys.sorted().map { facts[$0]! }
    }
}
