import Foundation
import RapportTestSupport
import Testing

/// Events imported through the CLI drive the win-back campaign to a real SMTP server.
@Suite struct WinbackEndToEndTests {
    static let campaign = """
        id: winback
        trigger: { kind: inactivity, after: [30d, 60d] }
        message: { subject: "Hoa Mai nhớ bạn!", text: "Đã lâu rồi không gặp {{first_name}}." }
        """

    @Test func quietCustomersAreWonBackOncePerThresholdAndActivityRearms() async throws {
        try await withSMTPServer { server in
            let setup = try Deployment(
                smtpURL: server.url, campaignFiles: ["winback.yml": Self.campaign])
            defer { setup.cleanUp() }
            let customers = setup.directory.appendingPathComponent("quiet.csv")
            try "id,email,first_name\nQ1,q1@example.vn,Lan\nQ2,q2@example.vn,Minh\n".write(
                to: customers, atomically: true, encoding: .utf8)
            #expect(try await setup.cli.run(["import", "customers", customers.path]).status == 0)
            let events = setup.directory.appendingPathComponent("events.jsonl")
            try """
            {"customer": "Q1", "kind": "purchase", "at": "2026-10-01T10:00:00+07:00", "id": "o-1", "properties": {"amount": 250000}}
            {"customer": "Q2", "kind": "activity", "at": "2026-10-05T10:00:00+07:00"}
            {"customer": "GHOST", "kind": "activity", "at": "2026-10-05T10:00:00+07:00"}
            """.write(to: events, atomically: true, encoding: .utf8)
            let imported = try await setup.cli.run(["import", "events", events.path])
            #expect(imported.status == 65, "\(imported)")
            #expect(imported.stderr.contains("events.jsonl:3: customer: 'GHOST' is not in the store"), "\(imported)")
            #expect(imported.stdout.contains("2 events recorded"), "\(imported)")

            var firstSeen: [String] = []
            for day in ["2026-10-31", "2026-11-01", "2026-11-04", "2026-11-05", "2026-11-30", "2026-12-01"] {
                for hour in ["09", "12"] {
                    let run = try await setup.cli.run(["run", "--once", "--now", "\(day)T\(hour):00:00+07:00"])
                    #expect(run.status == 0, "\(run)")
                }
                if day == "2026-11-01" {
                    // Q2 comes back: their next win-back is counted from this visit.
                    try "{\"customer\": \"Q2\", \"kind\": \"activity\", \"at\": \"2026-11-01T15:00:00+07:00\"}\n"
                        .write(to: events, atomically: true, encoding: .utf8)
                    #expect(try await setup.cli.run(["import", "events", events.path]).status == 0)
                }
                firstSeen = try server.messages().map { $0.rcptTos[0] }
            }
            // Q1: 30 days after Oct 1 (Oct 31) and 60 days (Nov 30). Q2: 30 days after Oct 5 would
            // be Nov 4, but they came back on Nov 1; 30 days after that is Dec 1 at 15:00, after
            // the last tick.
            #expect(firstSeen == ["q1@example.vn", "q1@example.vn"], "\(firstSeen)")
        }
    }
}
