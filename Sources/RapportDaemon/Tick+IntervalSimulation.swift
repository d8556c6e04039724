public import Foundation
public import RapportCore
public import RapportStore
import RapportTransport

extension Tick {
    /// What `simulate` finds — the daemon's ticks at each of `instants`, every message handed to a
    /// transport that sends nothing (and, uncomposed, to `record`) — worked out by intervals: each campaign's
    /// candidates are selected once for the whole span, and each customer's ticks are played only
    /// where something of theirs is due (`PreviewSimulation`). `list` reads the decisions from a
    /// scratch ledger made in `scratchDirectory`, deleted after; this tick's store is only read.
    public func simulateByIntervals<Listing>(
        campaigns: [Campaign], at instants: [Date], scratchDirectory: URL,
        record: @escaping @Sendable (Delivery) -> Void,
        list: (SimulatedDecisions) throws(StoreError) -> Listing
    ) async throws(StoreError) -> Listing {
        try await Self.withScratchFolder(in: scratchDirectory) { folder throws(StoreError) in
            let scratch = try Store(path: folder.appendingPathComponent("rapport.sqlite").path, access: .scratch)
            let mark = try scratch.ledgerMark()
            var lastEvaluations: [String: Date] = [:]
            for campaign in campaigns { lastEvaluations[campaign.id] = try store.lastEvaluation(of: campaign.id) }
            let simulation = PreviewSimulation(
                evaluators: campaigns.map(evaluator(for:)),
                ticks: SimulatedTicks(instants: instants, lastEvaluations: lastEvaluations),
                frequencyCap: frequencyCap, longestSearch: DueCustomers.longestSearch,
                dryRunReply: DryRunTransport.reply)
            let lookups = StoreLookups(store: store)
            let facts = try PreviewFacts(store: store, simulation: simulation)
            let ids = facts.customerIDs
            for start in stride(from: 0, to: ids.count, by: 2_000) {
                var rows: [LedgerEntry] = []
                for customer in try facts.facts(for: Array(ids[start..<min(start + 2_000, ids.count)])) {
                    let simulated: [PreviewSimulation.Row]
                    do {
                        simulated = try simulation.run(customer, lookups: lookups)
                    } catch let error as StoreError {
                        throw error
                    } catch {
                        throw StoreError(path: store.path, message: "\(error)")
                    }
                    for row in simulated {
                        if let delivery = row.delivery { record(delivery) }
                        rows.append(row.entry)
                    }
                }
                try scratch.append(rows)
            }
            return try list(SimulatedDecisions(store: scratch, mark: mark))
        }
    }
}

/// A preview's dry-run delivery reads suppressions and triggering events from the real store.
private struct StoreLookups: PreviewLookups {
    let store: Store

    func suppression(of address: String, on transport: String) throws -> String? {
        try store.suppression(of: address, orOnChannel: Courier.channelAddress(transport, address))?.reason
    }

    func triggeringEvent(of occurrence: OccurrenceKey) throws -> CustomerEvent? {
        try store.triggeringEvent(of: occurrence)
    }
}
