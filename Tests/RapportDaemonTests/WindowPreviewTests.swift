import Foundation
import Logging
import RapportCore
import RapportDaemon
import RapportStore
import RapportTestSupport
import Testing

/// A time-travel preview is the daemon run on a copy: over seeded random customers and events,
/// with a frequency cap, a send window, a drip with an exit, cooldowns and priorities, what the
/// preview lists equals, row for row, what the real ticks at the same instants then record in
/// the store — which the preview left untouched.
@Suite struct WindowPreviewTests {
    static let campaigns = OccurrenceInvariantTests.campaigns
    static let start = Timestamp.parse("2028-02-20T00:00:00Z")!

    struct Row: Hashable, CustomStringConvertible {
        var campaign: String
        var customer: String
        var occurrence: String
        var status: DeliveryStatus
        var time: Date
        var reply: String?

        init(_ entry: LedgerEntry) {
            campaign = entry.campaignID
            customer = entry.customerID
            occurrence = entry.occurrence.rawValue
            status = entry.status
            time = entry.finishedAt ?? entry.createdAt
            reply = entry.status == .sent ? nil : entry.reply
        }

        static func inListingOrder(_ lhs: Row, _ rhs: Row) -> Bool {
            (lhs.time, lhs.customer, lhs.campaign, lhs.occurrence.utf8.count, lhs.occurrence)
                < (rhs.time, rhs.customer, rhs.campaign, rhs.occurrence.utf8.count, rhs.occurrence)
        }

        var description: String {
            "\(Timestamp.format(time)) \(campaign) \(customer) \(occurrence) \(status) \(reply ?? "")"
        }
    }

    @Test(arguments: 0..<2)
    func previewEqualsTheRunAndLeavesTheStoreAlone(run: Int) async throws {
        let seed = SplitMix64.seedForThisRun() &+ UInt64(run)
        var random = SplitMix64(seed: seed)
        let fixture = try TickFixture(
            campaigns: Self.campaigns, frequencyCap: FrequencyCap(messages: 2, per: TimeSpan("7d")!))
        defer { fixture.cleanUp() }
        let invariants = OccurrenceInvariantTests()
        _ = try fixture.store.upsert(
            (0..<40).map { invariants.customer($0, using: &random) }, at: Self.start.addingTimeInterval(-30 * 86_400))
        // Events already imported, some of them dated inside the window.
        let events = invariants.events(
            at: Self.start.addingTimeInterval(20 * 86_400), since: Self.start.addingTimeInterval(-5 * 86_400),
            using: &random)
        for index in 0..<15 {
            _ = try fixture.store.record(
                invariants.events(
                    at: Self.start.addingTimeInterval(Double(index) * 86_400), since: Self.start, using: &random)
                    + events, at: Self.start)
        }
        // The daemon ran before: rows exist, some deferred, when the preview starts.
        let tick = try fixture.tick
        let logger = Logger(label: "test")
        _ = try await tick.run(campaigns: fixture.campaigns, at: Self.start.addingTimeInterval(-7_200), logger: logger)
        let before = try fixture.ledger()
        let sentBefore = fixture.transport.messageIDs.count
        let mark = try fixture.store.ledgerMark()

        let window = PreviewWindow(
            start: Self.start.addingTimeInterval(2 * 86_400), end: Self.start.addingTimeInterval(25 * 86_400))
        let recorded = RecordedIDs()
        let preview = WindowPreview(window: window, step: TimeSpan("3h")!)
        let listed = try await preview.run(
            tick: tick, campaigns: fixture.campaigns, transports: ["default"], now: Self.start,
            scratchDirectory: fixture.folder, logger: logger
        ) { outcome throws(StoreError) in
            var entries: [LedgerEntry] = []
            try outcome.forEachEntry { entries.append($0) }
            return entries
        }
        let everything = try await tick.simulate(
            campaigns: fixture.campaigns, at: window.ticks(every: preview.step, from: Self.start),
            transports: ["default"], scratchDirectory: fixture.folder, record: { recorded.add($0) }, logger: logger
        ) { decisions throws(StoreError) in
            var entries: [LedgerEntry] = []
            try decisions.forEach { entries.append($0) }
            return entries
        }

        #expect(try fixture.ledger() == before, "seed \(seed): the preview wrote to the store")
        #expect(fixture.transport.messageIDs.count == sentBefore, "seed \(seed): the preview sent something")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: fixture.folder.path).allSatisfy {
                !$0.hasPrefix("rapport-preview-")
            }, "seed \(seed): the scratch copy is left behind")

        for instant in window.ticks(every: preview.step, from: Self.start) {
            _ = try await tick.run(campaigns: fixture.campaigns, at: instant, logger: logger)
        }
        let real = try fixture.store.ledger(changedSince: mark).map(Row.init)
        let simulated = everything.map(Row.init)
        #expect(
            simulated == real,
            "seed \(seed): preview and run differ:\n\(real.difference(from: simulated).map { "\($0)" }.joined(separator: "\n"))"
        )
        #expect(real.contains { $0.status == .sent } && real.contains { $0.status != .sent }, "seed \(seed)")
        // Listed in time order; rows of one instant may come in another order than the ledger's ids.
        let times = listed.map { $0.finishedAt ?? $0.createdAt }
        #expect(times == times.sorted(), "seed \(seed)")
        #expect(
            listed.map(Row.init).sorted(by: Row.inListingOrder)
                == real.filter { window.contains($0.time) }.sorted(by: Row.inListingOrder), "seed \(seed)")
        #expect(recorded.messageIDs == Array(fixture.transport.messageIDs.dropFirst(sentBefore)), "seed \(seed)")
    }
}

/// Message-IDs a dry run handed over, in order.
private final class RecordedIDs: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [String] = []

    func add(_ envelope: Envelope) { lock.withLock { ids.append(envelope.messageID.description) } }

    var messageIDs: [String] { lock.withLock { ids } }
}
