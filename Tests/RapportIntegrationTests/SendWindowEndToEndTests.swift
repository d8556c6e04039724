import Foundation
import RapportTestSupport
import Testing

/// A welcome due at night is held in the ledger and sent when the send window opens, once.
@Suite struct SendWindowEndToEndTests {
    @Test func dueAtNightIsDeferredToMorningNeverDropped() async throws {
        try await withSMTPServer { server in
            let setup = try Deployment(smtpURL: server.url)
            defer { setup.cleanUp() }
            try setup.appendToConfig("send_window: { from: \"08:00\", to: \"21:00\" }")
            _ = try await setup.cli.run([
                "import", "customers", setup.directory.appendingPathComponent("customers.csv").path,
            ])

            let preview = try await setup.cli.run(["preview", "--now", "2026-11-23T22:00:00+07:00"])
            #expect(preview.stdout.contains("DEFER welcome → C001"), "\(preview)")
            #expect(preview.stdout.contains("deferred to 2026-11-24 08:00 +07:00"), "\(preview)")

            let night = try await setup.cli.run(["run", "--once", "--now", "2026-11-23T22:00:00+07:00"])
            #expect(
                night.stdout.contains(
                    "(0 sent, 0 failed, 0 retrying, 0 suppressed); 4 occurrences due (0 queued, 0 skipped, 4 deferred"),
                "\(night)")
            #expect(try server.messages().isEmpty)
            let log = try await setup.cli.run(["log", "--status", "deferred"])
            #expect(log.stdout.contains("4 rows"), "\(log)")

            // Overnight ticks send nothing; the first tick after 08:00 sends the rest, once.
            for now in ["2026-11-24T03:00:00+07:00", "2026-11-24T07:59:00+07:00"] {
                #expect(try await setup.cli.run(["run", "--once", "--now", now]).stdout.contains("(0 sent"))
            }
            // C001 unsubscribes overnight: their deferred welcome is skipped, not sent.
            let unsubscribe = setup.directory.appendingPathComponent("unsubscribe.csv")
            try "id,subscription\nC001,unsubscribed\n".write(to: unsubscribe, atomically: true, encoding: .utf8)
            #expect(try await setup.cli.run(["import", "customers", unsubscribe.path]).status == 0)

            let morning = try await setup.cli.run(["run", "--once", "--now", "2026-11-24T08:05:00+07:00"])
            #expect(
                morning.stdout.contains("tick at 2026-11-24 08:05 +07:00: 3 delivery attempts (3 sent"), "\(morning)")
            let again = try await setup.cli.run(["run", "--once", "--now", "2026-11-24T09:00:00+07:00"])
            #expect(again.stdout.contains("(0 sent"), "\(again)")
            let recipients = try server.messages().map { $0.rcptTos[0] }.sorted()
            #expect(recipients == ["an@example.vn", "minh@example.com", "new@example.vn"], "\(recipients)")
            let skipped = try await setup.cli.run(["log", "--status", "skipped", "--json"])
            #expect(skipped.stdout.contains("unsubscribed or left the audience while deferred"), "\(skipped)")
        }
    }
}
