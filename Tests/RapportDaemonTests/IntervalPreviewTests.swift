import Foundation
import Logging
import RapportCore
import RapportDaemon
import RapportStore
import RapportTestSupport
import Testing

/// The interval preview decides what the daemon's own ticks decide: over seeded random customers
/// and events — Feb 29 birthdays, zones from Kiritimati to New York across their DST changes, a
/// drip with an exit, win-backs and surveys held overnight by a send window, a frequency cap
/// with priorities, suppressed and unusable addresses, deferrals and queued mail left by an
/// earlier run, occurrences missed while the daemon was stopped — the ledger rows it writes equal,
/// field for field, those the ticks write when replayed one after another on a copy of the store.
@Suite struct IntervalPreviewTests {
    static let start = Timestamp.parse("2028-02-20T00:00:00Z")!

    /// Everything a listing shows of a row.
    struct Row: Hashable, Comparable, CustomStringConvertible {
        var fields: [String]

        init(_ entry: LedgerEntry) {
            fields = [
                Timestamp.format(entry.finishedAt ?? entry.createdAt), entry.campaignID, entry.customerID,
                entry.occurrence.rawValue, entry.status.rawValue, Timestamp.format(entry.createdAt),
                entry.reply ?? "", entry.notBefore.map { Timestamp.format($0) } ?? "", entry.recipient ?? "",
                entry.subject ?? "", entry.messageID ?? "", entry.transport ?? "",
                entry.lastAttemptAt.map { Timestamp.format($0) } ?? "",
            ]
        }

        static func < (lhs: Row, rhs: Row) -> Bool { lhs.fields.lexicographicallyPrecedes(rhs.fields) }
        var description: String { fields.joined(separator: " | ") }
    }

    /// Runs: hourly ticks after a daemon that ran two hours before; hourly ticks after one stopped
    /// for six days (missed occurrences at the first tick); three-hour ticks with the window ahead
    /// of `now`.
    @Test(arguments: [(0, 2.0, "1h", 0.0), (1, 6 * 24.0, "1h", 0.0), (2, 2.0, "3h", 3.0)])
    func decidesWhatTheTicksDecide(run: Int, stoppedHours: Double, step: String, aheadDays: Double) async throws {
        let seed = SplitMix64.seedForThisRun() &+ UInt64(run)
        var random = SplitMix64(seed: seed)
        let fixture = try TickFixture(
            campaigns: OccurrenceInvariantTests.campaigns, frequencyCap: FrequencyCap(messages: 2, per: TimeSpan("7d")!)
        )
        defer { fixture.cleanUp() }
        let invariants = OccurrenceInvariantTests()
        _ = try fixture.store.upsert(
            (0..<40).map { invariants.customer($0, using: &random) }, at: Self.start.addingTimeInterval(-30 * 86_400))
        for index in 0..<20 {
            _ = try fixture.store.record(
                invariants.events(
                    at: Self.start.addingTimeInterval(Double(index) * 86_400),
                    since: Self.start.addingTimeInterval(-5 * 86_400), using: &random), at: Self.start)
        }
        _ = try fixture.store.suppress(["c3@example.vn", "C7@EXAMPLE.VN"], reason: "hard bounce", at: Self.start)
        // An earlier run left rows: sent, deferred overnight, and queued mail its workers never took.
        let tick = try fixture.tick
        let logger = Logger(label: "test")
        _ = try tick.evaluate(
            campaigns: fixture.campaigns, at: Self.start.addingTimeInterval(-stoppedHours * 3_600), logger: logger)

        let now = Self.start
        let window = PreviewWindow(
            start: now.addingTimeInterval(aheadDays * 86_400), end: now.addingTimeInterval(20 * 86_400))
        let ticks = window.ticks(every: TimeSpan(step)!, from: now)
        let replayed = try await tick.simulate(
            campaigns: fixture.campaigns, at: ticks, transports: ["default"], scratchDirectory: fixture.folder,
            record: { _ in }, logger: logger
        ) { decisions throws(StoreError) in
            var rows: [Row] = []
            try decisions.forEach { rows.append(Row($0)) }
            return rows
        }
        let byIntervals = try await tick.simulateByIntervals(
            campaigns: fixture.campaigns, at: ticks, scratchDirectory: fixture.folder, record: { _ in }
        ) { decisions throws(StoreError) in
            var rows: [Row] = []
            try decisions.forEach { rows.append(Row($0)) }
            return rows
        }

        let expected = replayed.sorted()
        let found = byIntervals.sorted()
        // Every row of each customer the two disagree on, side by side.
        let differing = Set(
            expected.difference(from: found).map { change -> String in
                switch change {
                case .insert(_, let row, _), .remove(_, let row, _): row.fields[2]
                }
            })
        let report = differing.sorted().map { customer in
            "\(customer) replayed:\n  "
                + expected.filter { $0.fields[2] == customer }.map(\.description).joined(separator: "\n  ")
                + "\n\(customer) by intervals:\n  "
                + found.filter { $0.fields[2] == customer }.map(\.description).joined(separator: "\n  ")
        }
        #expect(report.isEmpty, "seed \(seed): interval preview and replayed ticks differ")
        let statuses = Set(expected.map { $0.fields[4] })
        // A row written during the run and finished later was deferred, then resumed.
        let resumed = expected.contains { $0.fields[5] >= Timestamp.format(now) && $0.fields[5] != $0.fields[0] }
        #expect(
            ["sent", "skipped", "suppressed"].allSatisfy(statuses.contains)
                && (resumed || statuses.contains("deferred") || statuses.contains("expired")),
            "seed \(seed): the run should show sends, skips, suppressions and deferrals or expiries, showed \(statuses.sorted())"
        )
    }
}
