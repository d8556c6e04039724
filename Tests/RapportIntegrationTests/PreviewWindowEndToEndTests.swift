import Foundation
import RapportTestSupport
import Testing

/// `rapport preview --from … --to …` against the truth: thirty days previewed on a store equal,
/// occurrence for occurrence, the thirty days `rapport run --once --now` then sends, day by day,
/// from a copy of the same store to a real SMTP server — and the preview itself changed no byte of
/// the store and sent nothing. The repository's own campaigns, with a send window and a frequency
/// cap, and customers who reach all five of them.
@Suite struct PreviewWindowEndToEndTests {
    /// One tick a day at 10:00 in Hanoi (03:00Z), 2027-02-01 … 2027-03-02.
    static let firstTick = "2027-02-01T10:00:00+07:00"
    static let lastTick = "2027-03-02T10:00:00+07:00"
    static let dayCount = 30
    /// The daemon ran the day before, so the preview starts from a store with a ledger.
    static let earlierTick = "2027-01-31T10:00:00+07:00"
    static let importAt = "2027-01-31T09:50:00+07:00"

    /// - HOA (unsubscribed) renews 2027-02-08: every reminder, transactional, goes (Feb 1, 7, 11, 22).
    /// - DAVID renews 2027-03-05: −30d on Feb 3 and −7d on Feb 26.
    /// - ANN (New York): her birthday's 10:00-Hanoi tick is 22:00 at home, outside the 08:00–21:00
    ///   window: deferred, and deferred again at each such tick.
    /// - OLIVIA (London): 10:00 Hanoi is 03:00 in London, before her 09:00 wish: a day's ticks pass
    ///   it by, and the next records it expired as missed.
    /// - JACK (Lord Howe), TEUEA (Kiritimati): birthdays inside the window and the send window.
    /// - NHUNG signed up Jan 30 (welcome sent by the earlier tick); her birthday on Feb 3 and her
    ///   drip's tips (due Feb 2 20:00) at the same tick: with the cap of 2 a week the birthday goes
    ///   (by id order), the tips wait until the welcome leaves the week (Feb 7).
    /// - MINH signed up Jan 31 (welcome sent by the earlier tick) and bought after it: the drip's
    ///   exit skips his tips.
    /// - MAI: two interactions a day apart; one survey, the other skipped for the cooldown.
    /// - QUANG: 30 days quiet on Feb 4: win-back at the tick of Feb 5.
    static let customers = """
        id,email,first_name,last_name,locale,time_zone,birthday,renewal_date,signed_up_at,last_active_at,subscription,plan
        HOA,hoa@example.vn,Hoa,Võ,vi,,,2027-02-08,,,unsubscribed,
        DAVID,david@example.com,David,Nguyen,en,,,2027-03-05,,,,
        ANN,ann@example.com,Ann,Miller,en,America/New_York,1985-02-10,,,,,
        OLIVIA,olivia@example.co.uk,Olivia,Brown,en-GB,Europe/London,1990-02-15,,,,,
        JACK,jack@example.com.au,Jack,Wilson,en,Australia/Lord_Howe,1992-02-14,,,,,
        TEUEA,teuea@example.ki,Teuea,,,Pacific/Kiritimati,1990-03-01,,,,,
        NHUNG,nhung@example.vn,Hồng Nhung,Nguyễn Thị,vi,Asia/Ho_Chi_Minh,1994-02-03,,2027-01-30T20:00:00+07:00,,,gold
        MINH,minh@example.com,Minh,Trần,en,,,,2027-01-31T08:30:00+07:00,,,silver
        MAI,mai@example.vn,Mai,Phạm,vi,,,,,,,
        QUANG,quang@example.vn,Quang,Trần,vi,,,,,2027-01-05T11:00:00+07:00,,

        """

    static let events = """
        {"customer": "MAI", "kind": "support_ticket_closed", "at": "2027-01-30T16:00:00+07:00", "id": "ticket-1"}
        {"customer": "MAI", "kind": "order_delivered", "at": "2027-01-31T09:00:00+07:00", "id": "order-2"}

        """

    /// Imported after the earlier tick sent MINH's welcome.
    static let purchase = """
        {"customer": "MINH", "kind": "purchase", "at": "2027-01-31T12:00:00+07:00", "id": "order-1", "properties": {"amount": 350000}}

        """

    /// What happened to one occurrence, and the day (in Hanoi) it happened.
    struct Outcome: Hashable, Comparable, CustomStringConvertible {
        var day: String
        var campaign: String
        var customer: String
        var occurrence: String
        var action: String

        static func < (lhs: Self, rhs: Self) -> Bool { lhs.description < rhs.description }
        var description: String { "\(day) \(campaign) \(customer) [\(occurrence)] \(action)" }
    }

    @Test func thirtyDaysPreviewedAreTheThirtyDaysRun() async throws {
        try await withSMTPServer { server in
            let setup = try await Self.deployment(server)
            defer { setup.cleanUp() }
            let earlier = try await setup.cli.run(["run", "--once", "--now", Self.earlierTick])
            try #require(earlier.status == 0, "\(earlier)")
            let sentEarlier = try server.messages().count
            #expect(sentEarlier == 2, "the earlier tick: the welcomes of NHUNG and MINH")
            try await TwoMonthsEndToEndTests.importFile(
                setup, kind: "events", text: Self.purchase, at: "2027-01-31T12:30:00+07:00", name: "purchase")

            let storeBefore = setup.storeFiles()
            let preview = try await setup.cli.run([
                "preview", "--from", Self.firstTick, "--to", Self.lastTick, "--step", "1d", "--now", Self.firstTick,
                "--json",
            ])
            try #require(preview.status == 0, "\(preview)")
            #expect(setup.storeFiles() == storeBefore, "the preview changed the store")
            #expect(try server.messages().count == sentEarlier, "the preview sent mail")
            #expect(preview.stderr.contains("note: some occurrences of 'birthday'"), "\(preview.stderr)")
            let previewed = try preview.stdout.split(separator: "\n").map { line in
                let row = try JSONDecoder().decode(PreviewLine.self, from: Data(line.utf8))
                return Outcome(
                    day: String(row.time.prefix(10)), campaign: row.campaign, customer: row.customer,
                    occurrence: row.occurrence, action: row.action)
            }.sorted()

            // The same thirty days for real, from a copy of the store.
            let copy = try await Self.deployment(server)
            defer { copy.cleanUp() }
            try setup.copyStore(to: copy)
            var arrivals: [(day: String, messageID: String)] = []
            for tick in Self.ticks() {
                let run = try await copy.cli.run(["run", "--once", "--now", tick])
                try #require(run.status == 0, "\(tick): \(run)")
                let received = try server.messages().dropFirst(sentEarlier + arrivals.count)
                for message in received {
                    let decoded = try await DecodedMessage(raw: message.content, scratch: copy.directory)
                    arrivals.append((String(tick.prefix(10)), TwoMonthsEndToEndTests.bare(decoded.messageId ?? "")))
                }
            }
            let ledger = try await Self.ledger(copy)
            let byMessageID = Dictionary(
                ledger.compactMap { row in row.messageID.map { (TwoMonthsEndToEndTests.bare($0), row) } },
                uniquingKeysWith: { first, _ in first })
            let sent = arrivals.map { arrival in
                let row = byMessageID[arrival.messageID]
                return Outcome(
                    day: arrival.day, campaign: row?.campaignID ?? "<not in ledger>", customer: row?.customerID ?? "",
                    occurrence: row?.occurrence ?? arrival.messageID, action: "send")
            }.sorted()
            let previewedSends = previewed.filter { $0.action == "send" }
            #expect(
                previewedSends == sent,
                "preview and SMTP server differ:\n\(Self.diff(previewedSends, sent))")
            #expect(Set(sent.map(\.campaign)) == ["birthday", "nps", "renewal", "welcome", "winback"], "\(sent)")

            // Everything else decided in the window — deferred, skipped, expired — agrees too.
            let windowStart = try #require(ISO8601DateFormatter().date(from: Self.firstTick))
            let decided = ledger.filter { $0.time >= windowStart }.map { $0.outcome }.sorted()
            #expect(previewed == decided, "preview and ledger differ:\n\(Self.diff(previewed, decided))")
            for action in ["defer", "skip", "expire"] {
                #expect(previewed.contains { $0.action == action }, "no \(action) in \(previewed)")
            }
        }
    }

    @Test func oneCustomerInFullAndEachMessageAsFiles() async throws {
        try await withSMTPServer { server in
            let setup = try await Self.deployment(server)
            defer { setup.cleanUp() }
            let out = setup.directory.appendingPathComponent("preview-out")
            let preview = try await setup.cli.run([
                "preview", "--from", "2027-02-01", "--to", "2027-02-28", "--step", "1h", "--now", Self.importAt,
                "--customer", "NHUNG", "--out", out.path,
            ])
            try #require(preview.status == 0, "\(preview)")
            #expect(preview.stdout.contains("SEND birthday → NHUNG"), "\(preview.stdout)")
            #expect(preview.stdout.contains("  To: Nguyễn Thị Hồng Nhung <nhung@example.vn>"), "\(preview.stdout)")
            #expect(preview.stdout.contains("  text/plain:\n  | Chào Hồng Nhung,"), "\(preview.stdout)")
            #expect(!preview.stdout.contains("→ ANN"), "\(preview.stdout)")
            #expect(try server.messages().isEmpty)

            let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
            let emls = names.filter { $0.hasSuffix(".eml") }
            // Welcome at the first tick (Jan 31, before the window), tips on Feb 2 at 20:00; the
            // birthday on Feb 3 at 09:00 meets the cap of 2 a week and waits until the welcome
            // leaves the week, Feb 7 at 09:50, so the 10:00 tick sends it.
            #expect(emls == ["2027-02-02T2000-welcome-NHUNG.eml", "2027-02-07T1000-birthday-NHUNG.eml"], "\(names)")
            #expect(names.filter { $0.hasSuffix(".html") }.count == emls.count, "\(names)")
            for name in emls {
                let decoded = try await DecodedMessage(
                    raw: try Data(contentsOf: out.appendingPathComponent(name)), scratch: setup.directory)
                #expect(decoded.defects.isEmpty, "\(name): \(decoded.defects)")
                #expect(decoded.to?.address == "nhung@example.vn", "\(name)")
                #expect(
                    preview.stdout.contains("Subject: \(decoded.subject ?? "-")"), "\(name): \(decoded.subject ?? "")")
            }
            let welcome = try String(
                contentsOf: out.appendingPathComponent("2027-02-02T2000-welcome-NHUNG.html"), encoding: .utf8)
            #expect(welcome.contains("Hồng Nhung"), "\(welcome)")
        }
    }

    @Test func badWindowsAreRefusedWithWhatToFix() async throws {
        try await withSMTPServer { server in
            let setup = try await Self.deployment(server)
            defer { setup.cleanUp() }
            let cases: [(arguments: [String], says: String)] = [
                (["--from", "2027-02-10", "--to", "2027-02-01"], "--from 2027-02-10 is after --to 2027-02-01"),
                (["--from", "2027-02-01"], "--from and --to go together"),
                (["--from", "February", "--to", "2027-02-01"], "--from 'February' is neither a day"),
                (["--from", "2027-02-01", "--to", "2027-02-02", "--step", "0h"], "--step '0h' is not a positive span"),
                (["--from", "2027-02-01", "--to", "2027-02-02", "--customer", "NOBODY"], "no customer 'NOBODY'"),
                (["--from", "2027-02-01", "--to", "2027-02-02", "--campaign", "gone"], "no campaign 'gone'"),
                (["--customer", "NHUNG"], "--customer needs --from and --to"),
            ]
            for (arguments, says) in cases {
                let outcome = try await setup.cli.run(["preview"] + arguments)
                #expect(outcome.status != 0, "\(arguments): \(outcome)")
                #expect(outcome.stderr.contains(says), "\(arguments): \(outcome)")
            }
            // Issue 13: time travel goes forward only. After the daemon evaluated on Feb 3, a
            // window from Feb 1 would replay what the store already holds as happened.
            let run = try await setup.cli.run(["run", "--once", "--now", "2027-02-03T10:00:00+07:00"])
            #expect(run.status == 0, "\(run)")
            let past = try await setup.cli.run(["preview", "--from", "2027-02-01", "--to", "2027-02-05"])
            #expect(past.status != 0, "\(past)")
            #expect(
                past.stderr.contains(
                    "--from 2027-02-01 is before the store's last evaluation, 2027-02-03 10:00 +07:00; a preview travels forward only"
                ), "\(past)")
            let ahead = try await setup.cli.run(
                ["preview", "--from", "2027-02-04", "--to", "2027-02-05", "--now", "2027-02-03T10:00:00+07:00"])
            #expect(ahead.status == 0, "\(ahead)")
        }
    }

    // MARK: - Helpers

    /// The deployment: the repository's campaigns, survey links, a send window and a cap, and the
    /// customers and events above imported.
    static func deployment(_ server: SMTPTestServer) async throws -> Deployment {
        let setup = try await TwoMonthsEndToEndTests.shippedDeployment(
            server,
            config: """
                send_window: { from: "08:00", to: "21:00" }
                frequency_cap: { messages: 2, per: 7d }
                """)
        try await TwoMonthsEndToEndTests.importFile(
            setup, kind: "customers", text: customers, at: importAt, name: "customers")
        try await TwoMonthsEndToEndTests.importFile(setup, kind: "events", text: events, at: importAt, name: "events")
        return setup
    }

    /// `2027-02-01T10:00:00+07:00`, then each day at the same hour.
    static func ticks() -> [String] {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")
        formatter.formatOptions = [.withInternetDateTime, .withColonSeparatorInTimeZone]
        let first = formatter.date(from: firstTick)!
        return (0..<dayCount).map { formatter.string(from: first.addingTimeInterval(Double($0) * 86_400)) }
    }

    static func diff(_ expected: [Outcome], _ received: [Outcome]) -> String {
        received.difference(from: expected).map { change in
            switch change {
            case .remove(_, let outcome, _): "- only in the preview: \(outcome)"
            case .insert(_, let outcome, _): "+ only in the run:     \(outcome)"
            }
        }.joined(separator: "\n")
    }

    struct PreviewLine: Decodable {
        var time: String
        var campaign: String
        var customer: String
        var occurrence: String
        var action: String

        enum CodingKeys: String, CodingKey {
            case time, campaign = "campaign_id", customer = "customer_id", occurrence, action
        }
    }

    struct LedgerRow: Decodable {
        var campaignID: String
        var customerID: String
        var occurrence: String
        var status: String
        var messageID: String?
        var createdAt: Date
        var finishedAt: Date?

        enum CodingKeys: String, CodingKey {
            case campaignID = "campaign_id", customerID = "customer_id", occurrence, status
            case messageID = "message_id", createdAt = "created_at", finishedAt = "finished_at"
        }

        var time: Date { finishedAt ?? createdAt }

        var outcome: Outcome {
            let formatter = ISO8601DateFormatter()
            formatter.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")
            formatter.formatOptions = [.withFullDate]
            let actions = ["sent": "send", "deferred": "defer", "skipped": "skip", "expired": "expire"]
            return Outcome(
                day: formatter.string(from: time), campaign: campaignID, customer: customerID, occurrence: occurrence,
                action: actions[status] ?? status)
        }
    }

    static func ledger(_ setup: Deployment) async throws -> [LedgerRow] {
        let log = try await setup.cli.run(["log", "--json", "--limit", "10000"])
        #expect(log.status == 0, "\(log)")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try log.stdout.split(separator: "\n").map { try decoder.decode(LedgerRow.self, from: Data($0.utf8)) }
    }
}
