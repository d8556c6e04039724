import Foundation
import RapportTestSupport
import Testing

/// The acceptance run: the repository's own `campaigns/` folder, fourteen customers and their
/// events, driven through two simulated months (2027-02-01 … 2027-03-31) with
/// `rapport run --once --now` against a real SMTP server on loopback. Every message that crosses
/// the wire is compared with a table worked out by hand from the campaign files, and what was due
/// but did not go out is looked up in the ledger.
///
/// No frequency cap and no send window are configured, so nothing is deferred: every row of the
/// table goes out at the first tick at or after its due time.
@Suite struct TwoMonthsEndToEndTests {
    // MARK: - Clock

    /// Two ticks a day, at 10:00 and 20:00 in Hanoi (03:00Z and 13:00Z). The 09:00-local send hour
    /// of birthday and renewal is open until local midnight, 15 hours; the ticks are 10 and 14
    /// hours apart, so every zone's 09:00–24:00 holds at least one tick: 10:00 for zones from
    /// UTC+7 to UTC+14 (and for New York in winter, at 22:00 the evening before), 20:00 for
    /// London, UTC and New York in summer time.
    static let firstDay = "2027-02-01"
    static let dayCount = 59
    static let tickTimes = ["10:00", "20:00"]

    // MARK: - Fixture

    /// Each customer's email is their id in lower case, so a recipient names the customer.
    ///
    /// - ANN (New York, EST): birthday Feb 10; 09:00 EST is 14:00Z, after the 20:00 tick, so the
    ///   wish goes at 10:00 Hanoi on Feb 11 (22:00 on Feb 10 in New York).
    /// - BOB (New York, `en-US`): birthday Mar 14, the day clocks spring forward; 09:00 EDT is
    ///   13:00Z, exactly the 20:00 tick.
    /// - OLIVIA (London, `en-GB` falls back to `en`): birthday Mar 28, the day British Summer Time
    ///   starts; 09:00 BST is 08:00Z, so the 20:00 tick.
    /// - JACK (Lord Howe, UTC+11 in February): birthday Feb 14, 09:00 local is 22:00Z Feb 13; the
    ///   20:00 tick that evening is local midnight, too early; 10:00 Feb 14 sends.
    /// - TEUEA (Kiritimati, UTC+14, no locale: Vietnamese default): birthday Mar 1; 10:00 Hanoi
    ///   Mar 1 is 17:00 local.
    /// - LEAP (UTC, no first name: the subject's fallback "bạn"): born Feb 29, wished Feb 28 in
    ///   2027 (`feb29: feb28`) at 09:00Z, the 20:00 tick.
    /// - DAVID (default zone, `en`, plan gold): renews 2027-03-05; the date moves to 2027-03-20 on
    ///   Feb 27 (re-import), re-arming the reminders.
    /// - HOA: unsubscribed. Renews 2027-02-08: the reminders are transactional, so she gets them;
    ///   the follow-ups after the date (`renewal-lapsed`, marketing) are not for her. Imported at 09:30 on
    ///   Feb 1, after her −7d reminder's 09:00: `catch_up: false`, so that one is never sent though
    ///   its day is still open. Everything marketing or survey is suppressed without a ledger row:
    ///   the welcome tips (gold/silver, signed up 2026-06-01, the open last step), a birthday on
    ///   Feb 20, win-back 30 days after Jan 5 (Feb 4), a survey after the ticket of Feb 20.
    /// - QUANG: last active Jan 10 11:00; quiet for 30 days on Feb 9, 60 days on Mar 11, both at
    ///   11:00, so the 20:00 ticks.
    /// - THU: last active Jan 20 09:00; 30 days on Feb 19 (10:00 tick). Comes back on Feb 22 at
    ///   18:00 (event imported mid-run): the old spell's 60 days (Mar 21) never fires; the new
    ///   spell's 30 days is Mar 24 18:00, the 20:00 tick.
    /// - MAI: a ticket closed Feb 5 16:00 brings a survey a day later (Feb 6, 20:00 tick); an
    ///   order delivered Mar 2 11:00 is inside the 90-day cooldown: skipped, with the reason, at
    ///   the 20:00 tick of Mar 3. Her birthday `0000-03-15` has no year, and is wished on Mar 15 all the
    ///   same (10:00 tick).
    static let initialCustomers = """
        id,email,first_name,last_name,locale,time_zone,birthday,renewal_date,signed_up_at,last_active_at,subscription,plan
        ANN,ann@example.com,Ann,Miller,en,America/New_York,1985-02-10,,,,,
        BOB,bob@example.com,Bob,Carter,en-US,America/New_York,1979-03-14,,,,,
        OLIVIA,olivia@example.co.uk,Olivia,Brown,en-GB,Europe/London,1990-03-28,,,,,
        JACK,jack@example.com.au,Jack,Wilson,en,Australia/Lord_Howe,1992-02-14,,,,,
        TEUEA,teuea@example.ki,Teuea,,,Pacific/Kiritimati,1990-03-01,,,,,
        LEAP,leap@example.org,,,,UTC,1996-02-29,,,,,
        DAVID,david@example.com,David,Nguyen,en,,,2027-03-05,,,,gold
        HOA,hoa@example.vn,Hoa,Võ,vi,,1988-02-20,2027-02-08,2026-06-01T10:00:00+07:00,2027-01-05T09:00:00+07:00,unsubscribed,silver
        QUANG,quang@example.vn,Quang,Trần,vi,,,,,2027-01-10T11:00:00+07:00,,
        THU,thu@example.vn,Thu,Lê,vi,,,,,2027-01-20T09:00:00+07:00,,
        MAI,mai@example.vn,Mai,Phạm,vi,,0000-03-15,,,,,

        """
    static let initialImportAt = "2027-02-01T09:30:00+07:00"

    /// Something an operator's sync imports between ticks, with `--now` at that moment (which is
    /// when `renewal_date` changes are recorded).
    struct MidRunImport {
        var at: String
        var kind: String
        var text: String
    }

    /// - NHUNG signs up Feb 3 14:30 (gold, Vietnamese name): welcome at the 20:00 tick (due
    ///   15:30), tips three days later (due Feb 6 14:30, the 20:00 tick); birthday Mar 8 in Hanoi.
    /// - MINH signs up Feb 10 08:30 (silver, `en`): welcome due 09:30, the 10:00 tick. Buys on
    ///   Feb 11 12:00, which ends the drip: the tips (due Feb 13 08:30) are recorded skipped at
    ///   the 10:00 tick of Feb 13. The purchase is activity, too: 30 days quiet on Mar 13 at 12:00,
    ///   so win-back at the 20:00 tick.
    /// - LAN signs up Feb 15 (plan bronze): outside the welcome audience, never messaged.
    static let midRunImports: [MidRunImport] = [
        MidRunImport(
            at: "2027-02-03T15:00:00+07:00", kind: "customers",
            text: """
                id,email,first_name,last_name,locale,time_zone,birthday,signed_up_at,plan
                NHUNG,nhung@example.vn,Hồng Nhung,Nguyễn Thị,vi,Asia/Ho_Chi_Minh,1994-03-08,2027-02-03T14:30:00+07:00,gold

                """),
        MidRunImport(
            at: "2027-02-05T16:30:00+07:00", kind: "events",
            text: """
                {"customer": "MAI", "kind": "support_ticket_closed", "at": "2027-02-05T16:00:00+07:00", "id": "ticket-501"}

                """),
        MidRunImport(
            at: "2027-02-10T09:00:00+07:00", kind: "customers",
            text: """
                id,email,first_name,last_name,locale,signed_up_at,plan
                MINH,minh@example.com,Minh,Trần,en,2027-02-10T08:30:00+07:00,silver

                """),
        MidRunImport(
            at: "2027-02-11T12:30:00+07:00", kind: "events",
            text: """
                {"customer": "MINH", "kind": "purchase", "at": "2027-02-11T12:00:00+07:00", "id": "order-1042", "properties": {"amount": 350000}}

                """),
        MidRunImport(
            at: "2027-02-15T10:30:00+07:00", kind: "customers",
            text: """
                id,email,first_name,last_name,locale,signed_up_at,plan
                LAN,lan@example.vn,Lan,Phạm,vi,2027-02-15T10:15:00+07:00,bronze

                """),
        MidRunImport(
            at: "2027-02-20T15:00:00+07:00", kind: "events",
            text: """
                {"customer": "HOA", "kind": "support_ticket_closed", "at": "2027-02-20T14:00:00+07:00", "id": "ticket-502"}

                """),
        MidRunImport(
            at: "2027-02-22T18:30:00+07:00", kind: "events",
            text: """
                {"customer": "THU", "kind": "activity", "at": "2027-02-22T18:00:00+07:00"}

                """),
        // DAVID renewed early: the new date is recorded at 15:00 on Feb 27, after the new date's
        // −30d moment (Feb 18), which is therefore never sent; −7d, −1d and +3d are. The old
        // date's −1d (Mar 4), +3d (Mar 8) and +14d (Mar 19) are gone with it.
        MidRunImport(
            at: "2027-02-27T15:00:00+07:00", kind: "customers",
            text: """
                id,renewal_date
                DAVID,2027-03-20

                """),
        MidRunImport(
            at: "2027-03-02T11:30:00+07:00", kind: "events",
            text: """
                {"customer": "MAI", "kind": "order_delivered", "at": "2027-03-02T11:00:00+07:00", "id": "order-1077"}

                """),
    ]

    // MARK: - Expectations

    /// Every message the SMTP server must receive, in order: the tick (Hanoi time) it went out in,
    /// the customer, the campaign and the subject as Python's email package decodes it. Within a
    /// tick, campaigns run by priority (all 0 here), then by id.
    static let expected: [(tick: String, customer: String, campaign: String, subject: String)] = [
        ("2027-02-03 10:00", "DAVID", "renewal", "David, your membership renews on 2027-03-05"),  // −30d
        ("2027-02-03 20:00", "NHUNG", "welcome", "Chào mừng Hồng Nhung đến với cửa hàng!"),
        ("2027-02-06 20:00", "MAI", "nps", "Mai ơi, bạn có giới thiệu Hoa Mai cho bạn bè không?"),
        ("2027-02-06 20:00", "NHUNG", "welcome", "Hồng Nhung ơi, ba mẹo nhỏ khi mua sắm tại Hoa Mai"),
        ("2027-02-07 10:00", "HOA", "renewal", "Hoa, thẻ thành viên của bạn gia hạn vào ngày 2027-02-08"),  // −1d
        ("2027-02-09 20:00", "QUANG", "winback", "Quang ơi, Hoa Mai nhớ bạn!"),  // 30d
        ("2027-02-10 10:00", "MINH", "welcome", "Welcome, Minh!"),
        ("2027-02-11 10:00", "ANN", "birthday", "Happy birthday, Ann! 🎂"),
        ("2027-02-14 10:00", "JACK", "birthday", "Happy birthday, Jack! 🎂"),
        ("2027-02-19 10:00", "THU", "winback", "Thu ơi, Hoa Mai nhớ bạn!"),  // 30d after Jan 20
        ("2027-02-26 10:00", "DAVID", "renewal", "David, your membership renews on 2027-03-05"),  // −7d
        ("2027-02-28 20:00", "LEAP", "birthday", "Chúc mừng sinh nhật bạn! 🎂"),
        ("2027-03-01 10:00", "TEUEA", "birthday", "Chúc mừng sinh nhật Teuea! 🎂"),
        ("2027-03-08 10:00", "NHUNG", "birthday", "Chúc mừng sinh nhật Hồng Nhung! 🎂"),
        ("2027-03-11 20:00", "QUANG", "winback", "Quang ơi, Hoa Mai nhớ bạn!"),  // 60d
        ("2027-03-13 10:00", "DAVID", "renewal", "David, your membership renews on 2027-03-20"),  // −7d
        ("2027-03-13 20:00", "MINH", "winback", "Minh, we miss you at Hoa Mai"),  // 30d after the purchase
        ("2027-03-14 20:00", "BOB", "birthday", "Happy birthday, Bob! 🎂"),
        ("2027-03-15 10:00", "MAI", "birthday", "Chúc mừng sinh nhật Mai! 🎂"),
        ("2027-03-19 10:00", "DAVID", "renewal", "David, your membership renews on 2027-03-20"),  // −1d
        ("2027-03-23 10:00", "DAVID", "renewal-lapsed", "David, your membership lapsed on 2027-03-20"),  // +3d
        ("2027-03-24 20:00", "THU", "winback", "Thu ơi, Hoa Mai nhớ bạn!"),  // 30d after Feb 22
        ("2027-03-28 20:00", "OLIVIA", "birthday", "Happy birthday, Olivia! 🎂"),
    ]

    /// Due but deliberately not sent: in the ledger with the reason, at the tick that decided it
    /// (in the config's zone, as `log --json` writes it; the stored reason keeps UTC). An occurrence ending in `*` is matched by its prefix (a survey's names the event's
    /// row id, which the store assigns).
    static let expectedUnsent: [UnsentRow] = [
        UnsentRow(
            createdAt: "2027-02-13T10:00:00+07:00", campaign: "welcome", customer: "MINH", occurrence: "signup+3d",
            status: "skipped", reason: "exit: purchase at 2027-02-11T05:00:00Z ended the welcome drip"),
        UnsentRow(
            createdAt: "2027-03-03T20:00:00+07:00", campaign: "nps", customer: "MAI", occurrence: "interaction:*",
            status: "skipped", reason: "cooldown: surveyed at 2027-02-06T13:00:00Z, next survey after 90d"),
    ]

    struct UnsentRow {
        var createdAt: String
        var campaign: String
        var customer: String
        var occurrence: String
        var status: String
        var reason: String
    }

    static let campaignIDs: Set<String> = [
        "birthday", "nps", "nps-detractor", "nps-promoter", "renewal", "renewal-lapsed", "welcome", "winback",
    ]

    // MARK: - The run

    @Test func twoMonthsOfTheShippedCampaignsDeliverExactlyTheTable() async throws {
        try await withSMTPServer { server in
            let setup = try await Self.shippedDeployment(server)
            defer { setup.cleanUp() }

            try await Self.importFile(
                setup, kind: "customers", text: Self.initialCustomers, at: Self.initialImportAt, name: "initial")
            var pending = Self.midRunImports[...]
            var arrivals: [(tick: String, message: SMTPTestServer.ReceivedMessage)] = []

            for day in Self.days() {
                for time in Self.tickTimes {
                    let now = "\(day)T\(time):00+07:00"
                    let instant = try #require(Self.instant(now))
                    while let next = pending.first, try #require(Self.instant(next.at)) <= instant {
                        try await Self.importFile(setup, kind: next.kind, text: next.text, at: next.at, name: next.at)
                        pending.removeFirst()
                    }
                    let run = try await setup.cli.run(["run", "--once", "--now", now])
                    try #require(run.status == 0, "tick \(now): \(run)")
                    let counts = Self.counts(in: run.stdout)
                    #expect(Set(counts.keys) == Self.campaignIDs.union(["tick"]), "tick \(now): \(run)")
                    #expect(!run.stderr.contains("campaign rejected"), "tick \(now): \(run)")
                    let messages = try server.messages()
                    let new = messages.dropFirst(arrivals.count)
                    #expect(counts["tick"]?["sent"] == new.count, "tick \(now): \(run)")
                    #expect(counts["tick"]?["failed"] == 0, "tick \(now): \(run)")
                    arrivals += new.map { ("\(day) \(time)", $0) }
                }
            }
            #expect(pending.isEmpty, "imports left over: \(pending.map(\.at))")

            // The same tick again in a new process: every occurrence already has its ledger row.
            let again = try await setup.cli.run(["run", "--once", "--now", "2027-03-31T20:00:00+07:00"])
            let total = Self.counts(in: again.stdout)["tick"]
            #expect(total?["sent"] == 0 && total?["skipped"] == 0 && total?["expired"] == 0, "\(again)")
            #expect(try server.messages().count == arrivals.count)

            let ledger = try await Self.ledger(setup)
            let sentByMessageID = Dictionary(
                ledger.filter { $0.status == "sent" }.map { (Self.bare($0.messageID ?? ""), $0) },
                uniquingKeysWith: { first, _ in first })

            var received: [String] = []
            for (tick, message) in arrivals {
                let decoded = try await DecodedMessage(raw: message.content, scratch: setup.directory)
                let recipient = message.rcptTos.first ?? ""
                let customer = String(recipient.prefix { $0 != "@" }).uppercased()
                let entry = sentByMessageID[Self.bare(decoded.messageId ?? "")]
                let subject = decoded.subject ?? "<no subject>"
                received.append(Self.line(tick, customer, entry?.campaignID ?? "<not in ledger>", subject))
                #expect(message.rcptTos.count == 1, "\(message.rcptTos)")
                #expect(entry?.customerID == customer, "\(tick) \(recipient): ledger row \(String(describing: entry))")
                #expect(entry?.subject == subject, "\(tick) \(recipient): ledger row \(String(describing: entry))")
                #expect(decoded.defects.isEmpty, "\(tick) \(recipient): \(decoded.defects)")
                #expect(
                    decoded.rawHeaderLines.allSatisfy { $0.allSatisfy(\.isASCII) && $0.utf8.count <= 998 },
                    "\(tick) \(recipient): \(decoded.rawHeaderLines)")
                if customer == "NHUNG" {
                    #expect(decoded.to?.name == "Nguyễn Thị Hồng Nhung", "\(decoded.rawHeaderLines)")
                }
                if entry?.campaignID == "nps" {
                    let links = (decoded.text ?? "").components(separatedBy: "https://hoamai.example/rapport/nps/")
                    #expect(links.count - 1 == 11, "\(decoded.text ?? "")")
                }
            }

            let expected = Self.expected.map { Self.line($0.tick, $0.customer, $0.campaign, $0.subject) }
            if received != expected {
                Issue.record(
                    Comment(
                        rawValue: "received messages differ from the table:\n"
                            + Self.diff(expected: expected, received: received)
                            + "\nreceived, in order:\n" + received.joined(separator: "\n")))
            }
            #expect(sentByMessageID.count == expected.count, "sent rows in the ledger: \(sentByMessageID.count)")

            let unsent = ledger.filter { $0.status != "sent" }.sorted {
                ($0.createdAt, $0.campaignID, $0.customerID) < ($1.createdAt, $1.campaignID, $1.customerID)
            }
            let unsentLines = unsent.map {
                "\($0.createdAt)  \($0.campaignID)  \($0.customerID)  \($0.status)  \($0.reply ?? "<no reason>")"
            }
            let expectedUnsentLines = Self.expectedUnsent.map {
                "\($0.createdAt)  \($0.campaign)  \($0.customer)  \($0.status)  \($0.reason)"
            }
            #expect(
                unsentLines == expectedUnsentLines,
                "ledger rows other than sent:\n\(Self.diff(expected: expectedUnsentLines, received: unsentLines))")
            for (row, wanted) in zip(unsent, Self.expectedUnsent) {
                let matches =
                    wanted.occurrence.hasSuffix("*")
                    ? row.occurrence.hasPrefix(String(wanted.occurrence.dropLast()))
                    : row.occurrence == wanted.occurrence
                #expect(matches, "\(row.campaignID) \(row.customerID): occurrence \(row.occurrence)")
            }
            // The skipped survey is about the second interaction, not the one surveyed.
            let surveys = ledger.filter { $0.campaignID == "nps" && $0.customerID == "MAI" }
            #expect(Set(surveys.map(\.occurrence)).count == 2, "\(surveys)")
        }
    }

    // MARK: - A morning of deferrals under a cap

    /// The table above runs with no cap and no window. This short scenario adds both, as a shop
    /// would (2 per 7 days, 08:00–21:00), and gives PHUONG three messages deferred overnight: a
    /// win-back (30 days quiet at 22:15), a survey (a ticket closed the evening before, due 22:30)
    /// and the welcome (signed up at 22:00, due 23:00), each seen by a tick soon after. At 08:00
    /// they resume together, all of priority 0: the two due first go, and the welcome — which
    /// could only wait past its `max_delay` (7d) for room — is recorded expired with the cap as
    /// the reason. TRANG has the same win-back and survey and gets both: the cap is per customer.
    @Test func threeDeferralsResumingOneMorningStayUnderTheCap() async throws {
        try await withSMTPServer { server in
            let setup = try await Self.shippedDeployment(
                server,
                config: """
                    frequency_cap: { messages: 2, per: 7d }
                    send_window: { from: "08:00", to: "21:00" }
                    """)
            defer { setup.cleanUp() }
            try await Self.importFile(
                setup, kind: "customers",
                text: """
                    id,email,first_name,signed_up_at,last_active_at,plan
                    PHUONG,phuong@example.vn,Phương,2027-02-01T22:00:00+07:00,2027-01-02T22:15:00+07:00,gold
                    TRANG,trang@example.vn,Trang,,2027-01-02T22:15:00+07:00,

                    """, at: "2027-02-01T22:00:00+07:00", name: "night")
            try await Self.importFile(
                setup, kind: "events",
                text: """
                    {"customer": "PHUONG", "kind": "support_ticket_closed", "at": "2027-01-31T22:30:00+07:00", "id": "ticket-601"}
                    {"customer": "TRANG", "kind": "support_ticket_closed", "at": "2027-01-31T22:30:00+07:00", "id": "ticket-602"}

                    """, at: "2027-02-01T22:00:00+07:00", name: "tickets")

            // Each deferred as its tick first sees it due, which is the order the morning admits them in.
            var deferred = 0
            for time in ["22:20", "22:40", "23:10"] {
                let night = try await setup.cli.run(["run", "--once", "--now", "2027-02-01T\(time):00+07:00"])
                #expect(Self.counts(in: night.stdout)["tick"]?["sent"] == 0, "\(night)")
                deferred += Self.counts(in: night.stdout)["tick"]?["deferred"] ?? 0
            }
            #expect(deferred == 5)
            let morning = try await setup.cli.run(["run", "--once", "--now", "2027-02-02T08:00:00+07:00"])
            let total = Self.counts(in: morning.stdout)["tick"]
            #expect(total?["sent"] == 4 && total?["expired"] == 1 && total?["deferred"] == 0, "\(morning)")

            var received: [String] = []
            for message in try server.messages() {
                let decoded = try await DecodedMessage(raw: message.content, scratch: setup.directory)
                received.append("\(message.rcptTos.joined()) \(decoded.subject ?? "")")
            }
            #expect(
                received.sorted() == [
                    "phuong@example.vn Phương ơi, Hoa Mai nhớ bạn!",
                    "phuong@example.vn Phương ơi, bạn có giới thiệu Hoa Mai cho bạn bè không?",
                    "trang@example.vn Trang ơi, Hoa Mai nhớ bạn!",
                    "trang@example.vn Trang ơi, bạn có giới thiệu Hoa Mai cho bạn bè không?",
                ], "\(received)")
            let unsent = try await Self.ledger(setup).filter { $0.status != "sent" }.map(\.description)
            #expect(
                unsent == [
                    "welcome PHUONG signup expired frequency cap 2 per 1w reached; room again at 2027-02-09T01:00:00Z, past max_delay 1w"
                ])
        }
    }

    // MARK: - Helpers

    /// A deployment of the repository's `campaigns/` folder with signed links (the survey's score
    /// links need them) and `config` added, which `rapport check` accepts.
    static func shippedDeployment(_ server: SMTPTestServer, config: String = "") async throws -> Deployment {
        let setup = try Deployment(smtpURL: server.url, campaignFiles: try Self.shippedCampaigns())
        let keys = setup.directory.appendingPathComponent("keys")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        try Data((0..<32).map { UInt8($0 * 7 + 3) }).write(to: keys.appendingPathComponent("link-signing-key"))
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o600], ofItemAtPath: keys.appendingPathComponent("link-signing-key").path)
        try setup.appendToConfig(
            """
            links:
              base_url: https://hoamai.example/rapport
              signing_key_file: keys/link-signing-key
              nps_expiry: 30d
            \(config)
            """)
        let check = try await setup.cli.run(["check"])
        try #require(check.status == 0, "\(check)")
        return setup
    }

    /// The repository's `campaigns/` folder, file by file (`partials/signature.mustache` for one in
    /// a subfolder), for the deployment to copy.
    static func shippedCampaigns() throws -> [String: String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folder = root.appendingPathComponent("campaigns")
        var files: [String: String] = [:]
        for name in try FileManager.default.subpathsOfDirectory(atPath: folder.path) {
            var isFolder: ObjCBool = false
            let url = folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue
            else { continue }
            files[name] = try String(contentsOf: url, encoding: .utf8)
        }
        return files
    }

    static func importFile(_ setup: Deployment, kind: String, text: String, at now: String, name: String) async throws {
        let safeName = name.replacingOccurrences(of: ":", with: "-").replacingOccurrences(of: "+", with: "_")
        let file = setup.directory.appendingPathComponent(
            "\(kind)-\(safeName).\(kind == "customers" ? "csv" : "jsonl")")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let outcome = try await setup.cli.run(["import", kind, file.path, "--now", now])
        #expect(outcome.status == 0, "import \(kind) at \(now): \(outcome)")
    }

    /// `2027-02-01` … for `dayCount` days.
    static func days() -> [String] {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        guard let first = formatter.date(from: firstDay) else { return [] }
        return (0..<dayCount).map { formatter.string(from: first.addingTimeInterval(Double($0) * 86_400)) }
    }

    static func instant(_ text: String) -> Date? { ISO8601DateFormatter().date(from: text) }

    /// `run --once` prints one line per campaign and a total: `welcome: 1 delivery attempt (1 sent,
    /// 0 failed, …); 1 occurrence due (1 queued, …)` and `tick at …: …`. Keyed by campaign id
    /// (`tick` for the total), then by count name.
    static func counts(in stdout: String) -> [String: [String: Int]] {
        var counts: [String: [String: Int]] = [:]
        for line in stdout.split(separator: "\n") {
            guard let separator = line.range(of: ": ", options: .backwards) else { continue }
            let name =
                line[..<separator.lowerBound].hasPrefix("tick at ") ? "tick" : String(line[..<separator.lowerBound])
            var values: [String: Int] = [:]
            for part in line[separator.upperBound...].split(whereSeparator: { ",;()".contains($0) }) {
                let words = part.split(separator: " ")
                if words.count == 2, let value = Int(words[0]) { values[String(words[1])] = value }
            }
            counts[name] = values
        }
        return counts
    }

    static func line(_ tick: String, _ customer: String, _ campaign: String, _ subject: String) -> String {
        "\(tick)  \(campaign.padding(toLength: 8, withPad: " ", startingAt: 0))  \(customer.padding(toLength: 6, withPad: " ", startingAt: 0))  \(subject)"
    }

    /// Lines the table has and the run lacks (`-`), and lines the run has beyond the table (`+`).
    static func diff(expected: [String], received: [String]) -> String {
        received.difference(from: expected).map { change in
            switch change {
            case .remove(_, let line, _): "- missing:    \(line)"
            case .insert(_, let line, _): "+ unexpected: \(line)"
            }
        }.joined(separator: "\n")
    }

    static func bare(_ messageID: String) -> String {
        messageID.trimmingCharacters(in: CharacterSet(charactersIn: "<> "))
    }

    struct LedgerRow: Decodable, CustomStringConvertible {
        var campaignID: String
        var customerID: String
        var occurrence: String
        var status: String
        var subject: String?
        var messageID: String?
        var createdAt: String
        var reply: String?

        enum CodingKeys: String, CodingKey {
            case campaignID = "campaign_id", customerID = "customer_id", occurrence, status, subject
            case messageID = "message_id", createdAt = "created_at", reply
        }

        var description: String { "\(campaignID) \(customerID) \(occurrence) \(status) \(reply ?? "")" }
    }

    static func ledger(_ setup: Deployment) async throws -> [LedgerRow] {
        let log = try await setup.cli.run(["log", "--json", "--limit", "10000"])
        #expect(log.status == 0, "\(log)")
        return try log.stdout.split(separator: "\n").map {
            try JSONDecoder().decode(LedgerRow.self, from: Data($0.utf8))
        }
    }
}
