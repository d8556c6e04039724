import Foundation
import RapportTestSupport
import Testing

/// `retention:` through the built binary: on a store with two years of generated purchases and
/// activity, the daemon's pass deletes what is older than a year, the reports over the year kept
/// are the same before and after, and a report reaching back further says it is incomplete.
@Suite struct RetentionEndToEndTests {
    static let now = "2026-12-07T02:00:00Z"

    /// Two years of monthly purchases and weekly visits for 30 customers, from a fixed seed.
    static func events() -> String {
        var random = SplitMix64(seed: 20_261_207)
        let formatter = ISO8601DateFormatter()
        let start = formatter.date(from: "2024-12-08T03:00:00Z")!
        var lines: [String] = []
        for customer in 0..<30 {
            var day = Double(random.next() % 20)
            while day < 729 {
                let at = formatter.string(from: start.addingTimeInterval(day * 86_400))
                let kind = random.next() % 4 == 0 ? "purchase" : "activity"
                let properties =
                    kind == "purchase" ? #", "properties": {"amount": \#(100_000 + random.next() % 900_000)}"# : ""
                lines.append(
                    #"{"customer": "C\#(customer)", "kind": "\#(kind)", "at": "\#(at)", "id": "e\#(customer)-\#(Int(day))"\#(properties)}"#
                )
                day += Double(3 + random.next() % 12)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func pruningKeepsTheRetainedYearsReportsIdentical() async throws {
        let setup = try Deployment(smtpURL: "smtp://127.0.0.1:9")
        defer { setup.cleanUp() }
        let customers = setup.directory.appendingPathComponent("c.csv")
        try
            ("id,email,signed_up_at\n"
            + (0..<30).map { "C\($0),c\($0)@example.vn,2024-11-\(String(format: "%02d", 1 + $0 % 28))T09:00:00+07:00" }
            .joined(separator: "\n") + "\n").write(to: customers, atomically: true, encoding: .utf8)
        #expect(try await setup.cli.run(["import", "customers", customers.path, "--now", Self.now]).status == 0)
        let events = setup.directory.appendingPathComponent("e.jsonl")
        try Self.events().write(to: events, atomically: true, encoding: .utf8)
        let imported = try await setup.cli.run(["import", "events", events.path, "--now", Self.now])
        #expect(imported.status == 0, "\(imported)")

        // A retention report also reads the activity window (default 60d) before its start.
        let reports = [
            ["report", "retention", "--since", "300d", "--json"], ["report", "value", "--since", "365d", "--json"],
            ["report", "campaigns", "--since", "365d", "--json"], ["report", "nps", "--since", "365d", "--json"],
        ]
        var before: [String] = []
        for report in reports {
            let outcome = try await setup.cli.run(report + ["--now", Self.now])
            #expect(outcome.status == 0, "\(outcome)")
            before.append(outcome.stdout)
        }

        try setup.appendToConfig("retention: { events: 1y, ledger_bodies: 90d, survey_comments: 1y }")
        let run = try await setup.cli.run(["run", "--once", "--no-deliver", "--now", Self.now])
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr.contains("retention: pruned personal data past its age"), "\(run.stderr)")
        let deleted = try #require(
            run.stderr.split(separator: " ").first { $0.hasPrefix("events_deleted=") }.flatMap {
                Int($0.dropFirst("events_deleted=".count))
            })
        #expect(deleted > 500, "about half of two years' events: \(deleted)")

        for (report, expected) in zip(reports, before) {
            let outcome = try await setup.cli.run(report + ["--now", Self.now])
            #expect(outcome.stdout == expected, "\(report.joined(separator: " ")) changed after pruning")
            #expect(!outcome.stderr.contains("incomplete"), "\(outcome.stderr)")
        }
        let older = try await setup.cli.run(["report", "value", "--since", "700d", "--now", Self.now])
        #expect(older.status == 0)
        #expect(older.stderr.contains("older than that are pruned (retention.events)"), "\(older.stderr)")
    }
}
