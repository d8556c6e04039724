import Foundation
import RapportTestSupport
import Testing

/// Two marketing campaigns due for the same customer under a cap of one a week: the higher
/// priority goes now, the other waits for room and then goes, or expires past its max_delay.
@Suite struct FrequencyCapEndToEndTests {
    static func campaign(_ id: String, priority: Int, maxDelay: String, category: String = "marketing") -> String {
        """
        id: \(id)
        category: \(category)
        priority: \(priority)
        max_delay: \(maxDelay)
        trigger: { kind: welcome, delay: 1h, since: 2026-01-01 }
        message: { subject: "\(id)", text: "\(id)" }
        """
    }

    /// The Subject lines the server received, in order.
    static func subjects(_ server: SMTPTestServer) throws -> [String] {
        try server.messages().map { String(decoding: $0.content, as: UTF8.self) }
            .compactMap { $0.components(separatedBy: "\r\n").first { $0.hasPrefix("Subject: ") } }
    }

    @Test func higherPriorityFirstOthersWaitOrExpireTransactionalExempt() async throws {
        try await withSMTPServer { server in
            let setup = try Deployment(
                smtpURL: server.url,
                campaignFiles: [
                    "a-promo.yml": Self.campaign("promo", priority: 0, maxDelay: "10d"),
                    "b-welcome.yml": Self.campaign("welcome", priority: 10, maxDelay: "10d"),
                    "c-tips.yml": Self.campaign("tips", priority: 5, maxDelay: "2d"),
                    "d-receipt.yml": Self.campaign("receipt", priority: 0, maxDelay: "1d", category: "transactional"),
                ])
            defer { setup.cleanUp() }
            try setup.appendToConfig("frequency_cap: { messages: 1, per: 7d }")
            let customers = setup.directory.appendingPathComponent("one.csv")
            try "id,email,signed_up_at\nF1,f1@example.vn,2026-11-20T09:00:00+07:00\n".write(
                to: customers, atomically: true, encoding: .utf8)
            #expect(try await setup.cli.run(["import", "customers", customers.path]).status == 0)

            let preview = try await setup.cli.run(["preview", "--now", "2026-11-23T09:00:00+07:00"])
            #expect(preview.stdout.contains("SEND welcome → F1"), "\(preview)")
            #expect(preview.stdout.contains("DEFER promo → F1"), "\(preview)")
            #expect(preview.stdout.contains("EXPIRE tips → F1 [signup]: frequency cap 1 per 1w"), "\(preview)")

            let first = try await setup.cli.run(["run", "--once", "--now", "2026-11-23T09:00:00+07:00"])
            #expect(
                first.stdout.contains("(2 sent, 0 failed")
                    && first.stdout.contains("0 skipped, 1 deferred, 1 expired)"), "\(first)")
            let later = try await setup.cli.run(["run", "--once", "--now", "2026-11-30T09:30:00+07:00"])
            #expect(later.stdout.contains("(1 sent"), "\(later)")
            let subjects = try Self.subjects(server)
            #expect(subjects == ["Subject: welcome", "Subject: receipt", "Subject: promo"], "\(subjects)")
            let expired = try await setup.cli.run(["log", "--status", "expired", "--json"])
            #expect(expired.stdout.contains("\"campaign_id\":\"tips\""), "\(expired)")
        }
    }

    /// Issue 13: messages deferred overnight by the send window all resumed at 08:00 and were all
    /// sent, past the cap. Now the morning's admission counts each before the next, in priority
    /// order, and the preview of that morning says the same.
    @Test func aMorningOfResumedDeferralsStaysUnderTheCap() async throws {
        try await withSMTPServer { server in
            let setup = try Deployment(
                smtpURL: server.url,
                campaignFiles: Dictionary(
                    uniqueKeysWithValues: [("promo", 0), ("welcome", 10), ("tips", 5)].map { id, priority in
                        ("\(id).yml", Self.campaign(id, priority: priority, maxDelay: "10d"))
                    }))
            defer { setup.cleanUp() }
            try setup.appendToConfig(
                """
                frequency_cap: { messages: 2, per: 7d }
                send_window: { from: "08:00", to: "21:00" }
                """)
            let customers = setup.directory.appendingPathComponent("night.csv")
            try "id,email,time_zone,signed_up_at\nN1,n1@example.vn,Asia/Ho_Chi_Minh,2026-11-20T22:00:00+07:00\n".write(
                to: customers, atomically: true, encoding: .utf8)
            #expect(try await setup.cli.run(["import", "customers", customers.path]).status == 0)

            let night = try await setup.cli.run(["run", "--once", "--now", "2026-11-20T23:00:00+07:00"])
            #expect(night.stdout.contains("(0 sent") && night.stdout.contains("0 skipped, 3 deferred"), "\(night)")
            let preview = try await setup.cli.run(["preview", "--now", "2026-11-21T08:00:00+07:00"])
            #expect(preview.stdout.contains("SEND welcome → N1"), "\(preview)")
            #expect(preview.stdout.contains("SEND tips → N1"), "\(preview)")
            #expect(preview.stdout.contains("DEFER promo → N1"), "\(preview)")
            let morning = try await setup.cli.run(["run", "--once", "--now", "2026-11-21T08:00:00+07:00"])
            #expect(
                morning.stdout.contains("(2 sent") && morning.stdout.contains("0 skipped, 1 deferred"), "\(morning)")
            let subjects = try Self.subjects(server)
            #expect(subjects == ["Subject: welcome", "Subject: tips"], "\(subjects)")
            let deferred = try await setup.cli.run(["log", "--status", "deferred", "--json"])
            #expect(deferred.stdout.contains("frequency cap 2 per 1w reached"), "\(deferred)")
        }
    }
}
