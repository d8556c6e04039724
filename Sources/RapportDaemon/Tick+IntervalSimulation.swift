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
            let facts = try PreviewFacts(store: store, simulation: simulation)
            let ids = facts.customerIDs
            let slices = stride(from: 0, to: ids.count, by: 2_000).map { Array(ids[$0..<min($0 + 2_000, ids.count)]) }
            // Customers are independent: slices are played on every core and written in their order.
            let failure = await withTaskGroup(of: (Int, Result<[PreviewSimulation.Row], StoreError>).self) {
                group -> StoreError? in
                var next = 0
                func start() {
                    guard next < slices.count else { return }
                    let index = next
                    next += 1
                    group.addTask(executorPreference: StoreThreads.shared) {
                        (
                            index,
                            Result { () throws(StoreError) in
                                try Self.play(slices[index], facts: facts, simulation: simulation)
                            }
                        )
                    }
                }
                for _ in 0..<max(1, ProcessInfo.processInfo.activeProcessorCount) { start() }
                var finished: [Int: [PreviewSimulation.Row]] = [:]
                var written = 0
                while let (index, result) = await group.next() {
                    do throws(StoreError) {
                        finished[index] = try result.get()
                        while let rows = finished.removeValue(forKey: written) {
                            for row in rows { if let delivery = row.delivery { record(delivery) } }
                            try scratch.append(rows.map(\.entry))
                            written += 1
                        }
                    } catch {
                        group.cancelAll()
                        return error
                    }
                    start()
                }
                return nil
            }
            if let failure { throw failure }
            return try list(SimulatedDecisions(store: scratch, mark: mark))
        }
    }
}

extension Tick {
    /// One slice of customers' rows over the window.
    fileprivate static func play(_ ids: [String], facts: PreviewFacts, simulation: PreviewSimulation)
        throws(StoreError) -> [PreviewSimulation.Row]
    {
        let lookups = StoreLookups(store: facts.store)
        var rows: [PreviewSimulation.Row] = []
        for customer in try facts.facts(for: ids) {
            do {
                rows += try simulation.run(customer, lookups: lookups)
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError(path: facts.store.path, message: "\(error)")
            }
        }
        return rows
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
