import Foundation
import RapportTestSupport
import Testing

/// Issue 13 through the built binary: a few customers, `rapport run --once --now` ticks and a real
/// SMTP server. Each test checks who received which message at which tick, and the ledger's reason
/// for what was due but not sent.
@Suite struct RightMessageEndToEndTests {
    /// Runs one `rapport run --once --now TIME` per time, in order, and returns what reached the
    /// SMTP server at each tick: `2026-11-10T09:00 lan@example.vn: Subject` (Hanoi time), sorted within a tick.
    static func tick(_ setup: Deployment, _ server: SMTPTestServer, at times: [String]) async throws -> [String] {
        var lines: [String] = []
        for now in times {
            let before = try server.messages().count
            let run = try await setup.cli.run(["run", "--once", "--now", now])
            #expect(run.status == 0 && !run.stderr.contains("campaign rejected"), "tick \(now): \(run)")
            let messages = try server.messages().dropFirst(before)
            let subjects = try FrequencyCapEndToEndTests.subjects(server).dropFirst(before)
            // Within a tick the delivery workers may send in any order.
            lines += zip(messages, subjects).map { message, subject in
                "\(now.prefix(16)) \(message.rcptTos.joined(separator: ",")): \(subject.dropFirst(9))"
            }.sorted()
        }
        return lines
    }

    /// The ledger's rows other than `sent`: `campaign customer occurrence status: reason`.
    static func unsent(_ setup: Deployment) async throws -> [String] {
        try await TwoMonthsEndToEndTests.ledger(setup).filter { $0.status != "sent" }
            .map { "\($0.campaignID) \($0.customerID) \($0.occurrence) \($0.status): \($0.reply ?? "")" }.sorted()
    }

    static func deploy(_ server: SMTPTestServer, _ campaigns: [String: String], config: String = "") throws
        -> Deployment
    {
        let setup = try Deployment(smtpURL: server.url, campaignFiles: campaigns)
        if !config.isEmpty { try setup.appendToConfig(config) }
        return setup
    }

    static let cap = "frequency_cap: { messages: 2, per: 7d }"

    // MARK: - (a) a known birthday keeps its room against a drip

    /// README's example: cap 2 per 7d; Lan signs up on 6 Nov, her birthday (priority 10) is on
    /// 10 Nov, the welcome drip (priority 0) has a step on day 0 and one on day 3. The day-3 tips
    /// would leave no room for the birthday, so they wait until the day-0 welcome leaves the
    /// period. Mai, whose birthday is far off, gets her tips on day 3.
    @Test func aKnownBirthdayKeepsItsRoomAgainstTheDrip() async throws {
        try await withSMTPServer { server in
            let setup = try Self.deploy(
                server,
                [
                    "birthday.yml": """
                    id: birthday
                    priority: 10
                    trigger: { kind: birthday, at: "09:00" }
                    message: { subject: "Happy birthday", text: "Hi" }
                    """,
                    "welcome.yml": """
                    id: welcome
                    priority: 0
                    trigger:
                      kind: welcome
                      since: 2026-01-01
                      steps: [{ delay: 1h }, { delay: 3d, message: { subject: "Tips", text: "Three tips" } }]
                    message: { subject: "Welcome", text: "Hello" }
                    """,
                ], config: Self.cap)
            defer { setup.cleanUp() }
            try await TwoMonthsEndToEndTests.importFile(
                setup, kind: "customers",
                text: """
                    id,email,birthday,signed_up_at
                    LAN,lan@example.vn,1995-11-10,2026-11-06T10:00:00+07:00
                    MAI,mai@example.vn,1995-12-25,2026-11-06T10:00:00+07:00

                    """, at: "2026-11-06T10:00:00+07:00", name: "signups")

            var received = try await Self.tick(
                setup, server, at: ["2026-11-06T11:00:00+07:00", "2026-11-09T10:00:00+07:00"])
            let deferred = try await Self.unsent(setup)
            #expect(
                deferred == [
                    "welcome LAN signup+3d deferred: frequency cap 2 per 1w: room kept for birthday 2026 (priority 10) due 2026-11-10T02:00:00Z"
                ])
            received += try await Self.tick(
                setup, server,
                at: [
                    "2026-11-10T09:00:00+07:00", "2026-11-13T10:00:00+07:00", "2026-11-13T11:00:00+07:00",
                    "2026-11-13T12:00:00+07:00",
                ])
            #expect(
                received == [
                    "2026-11-06T11:00 lan@example.vn: Welcome",
                    "2026-11-06T11:00 mai@example.vn: Welcome",
                    "2026-11-09T10:00 mai@example.vn: Tips",
                    "2026-11-10T09:00 lan@example.vn: Happy birthday",
                    "2026-11-13T11:00 lan@example.vn: Tips",
                ], "\(received)")
            #expect(try await Self.unsent(setup) == [])
        }
    }

    // MARK: - (b) a survey's cooldown counts a survey still waiting

    /// D's first survey is deferred by the window when her second interaction's survey comes due;
    /// E's two come due in the same night. Each gets one survey when the window opens, and the
    /// other is skipped with a reason naming the deferred one, not a send that never happened.
    @Test func aSurveyWaitingForTheWindowCountsTowardTheCooldown() async throws {
        try await withSMTPServer { server in
            let setup = try Self.deploy(
                server,
                [
                    "nps.yml": """
                    id: nps
                    category: survey
                    trigger: { kind: nps, kinds: [support_ticket_closed], delay: 1d, cooldown: 30d }
                    send_window: { from: "09:00", to: "12:00" }
                    message: { subject: "How did we do?", text: "Tell us" }
                    """
                ])
            defer { setup.cleanUp() }
            try setup.addLinks()
            try await TwoMonthsEndToEndTests.importFile(
                setup, kind: "customers", text: "id,email\nC,c@example.vn\nD,d@example.vn\nE,e@example.vn\n",
                at: "2026-11-01T09:00:00+07:00", name: "customers")
            let tickets = [
                ("C", "2026-11-09T13:00:00+07:00"), ("D", "2026-11-09T13:00:00+07:00"),
                ("D", "2026-11-10T08:00:00+07:00"), ("E", "2026-11-09T15:10:00+07:00"),
                ("E", "2026-11-09T15:40:00+07:00"),
            ]
            try await TwoMonthsEndToEndTests.importFile(
                setup, kind: "events",
                text: tickets.enumerated().map { index, ticket in
                    #"{"customer": "\#(ticket.0)", "kind": "support_ticket_closed", "at": "\#(ticket.1)", "id": "ticket-\#(index)"}"#
                        + "\n"
                }.joined(), at: "2026-11-10T08:00:00+07:00", name: "tickets")

            let received = try await Self.tick(
                setup, server,
                at: [
                    "2026-11-10T13:00:00+07:00", "2026-11-10T16:00:00+07:00", "2026-11-11T08:00:00+07:00",
                    "2026-11-11T09:00:00+07:00", "2026-11-11T10:00:00+07:00",
                ])
            #expect(
                received == [
                    "2026-11-11T09:00 c@example.vn: How did we do?",
                    "2026-11-11T09:00 d@example.vn: How did we do?",
                    "2026-11-11T09:00 e@example.vn: How did we do?",
                ], "\(received)")
            // Each reason names the survey still waiting: D's due the afternoon before (06:00Z),
            // E's first due in the same tick as her second (09:00Z), both deferred to 09:00.
            let unsent = try await Self.unsent(setup).map {
                $0.replacingOccurrences(of: #"interaction:\d+"#, with: "interaction", options: .regularExpression)
            }
            #expect(
                unsent == [
                    "nps D interaction skipped: cooldown: a survey due at 2026-11-10T06:00:00Z is deferred to 2026-11-11T02:00:00Z, next survey after 30d",
                    "nps E interaction skipped: cooldown: a survey due at 2026-11-10T09:00:00Z is deferred to 2026-11-11T02:00:00Z, next survey after 30d",
                ])
        }
    }

    // MARK: - (c) a win-back deferred across a purchase

    /// F and G went quiet on 11 Oct at 23:00; their 30-day win-back falls due at 23:00 on 10 Nov,
    /// outside the window. F buys at 23:15: at 08:00 her deferred win-back is decided again and
    /// skipped; G's goes.
    @Test func aWinbackDeferredAcrossAPurchaseIsSkipped() async throws {
        try await withSMTPServer { server in
            let setup = try Self.deploy(
                server,
                [
                    "winback.yml": """
                    id: winback
                    trigger: { kind: inactivity, after: [30d] }
                    message: { subject: "We miss you", text: "Come back" }
                    """
                ], config: #"send_window: { from: "08:00", to: "21:00" }"#)
            defer { setup.cleanUp() }
            try await TwoMonthsEndToEndTests.importFile(
                setup, kind: "customers",
                text: """
                    id,email,last_active_at
                    F,f@example.vn,2026-10-11T23:00:00+07:00
                    G,g@example.vn,2026-10-11T23:00:00+07:00

                    """, at: "2026-10-11T23:00:00+07:00", name: "customers")

            var received = try await Self.tick(setup, server, at: ["2026-11-10T23:00:00+07:00"])
            let night = try await Self.unsent(setup)
            #expect(night.count == 2 && night.allSatisfy { $0.contains(" deferred: ") }, "\(night)")
            try await TwoMonthsEndToEndTests.importFile(
                setup, kind: "events",
                text: """
                    {"customer": "F", "kind": "purchase", "at": "2026-11-10T23:15:00+07:00", "id": "order-1", "properties": {"amount": 350000}}

                    """, at: "2026-11-11T00:00:00+07:00", name: "purchase")
            received += try await Self.tick(
                setup, server, at: ["2026-11-11T08:00:00+07:00", "2026-11-11T09:00:00+07:00"])

            #expect(received == ["2026-11-11T08:00 g@example.vn: We miss you"], "\(received)")
            let unsent = try await Self.unsent(setup)
            #expect(unsent.count == 1, "\(unsent)")
            #expect(
                unsent.first?.hasPrefix("winback F ") == true
                    && unsent.first?.hasSuffix(
                        " skipped: no longer due: the customer was active again at 2026-11-10T16:15:00Z, which ended the quiet spell"
                    ) == true, "\(unsent)")
        }
    }

    // MARK: - (d) a renewal series moved mid-way, a message per offset

    static let renewal = """
        id: renewal
        category: transactional
        trigger:
          kind: renewal
          before: [7d, 1d]
          after: [{ offset: 3d, message: { subject: "Lapsed {{days_overdue}} days ago, on {{renewal_date}}", text: "Renew now" } }]
          at: "09:00"
        message:
          subject: "{{#days_left}}Renews on {{renewal_date}}, days left: {{days_left}}{{/days_left}}{{#after}}wrong side{{/after}}"
          text: "Reply before then"
        """

    /// R renews on 20 Nov, then (on 15 Nov, after the old date's −7d reminder) on 28 Nov; S stays
    /// on 20 Nov. Every reminder says how many days are left, every follow-up how many overdue,
    /// each with the date in force; the old date's −1d and +3d never go.
    @Test func aRenewalMovedMidSeriesSaysWhichSideOfTheNewDateEachMessageIsOn() async throws {
        try await withSMTPServer { server in
            let setup = try Self.deploy(server, ["renewal.yml": Self.renewal])
            defer { setup.cleanUp() }
            try await TwoMonthsEndToEndTests.importFile(
                setup, kind: "customers",
                text: "id,email,renewal_date\nR,r@example.vn,2026-11-20\nS,s@example.vn,2026-11-20\n",
                at: "2026-11-01T09:00:00+07:00", name: "renewals")
            let formatter = ISO8601DateFormatter()
            formatter.timeZone = TimeZone(secondsFromGMT: 7 * 3600)
            let first = try #require(formatter.date(from: "2026-11-12T09:00:00+07:00"))
            var received: [String] = []
            for day in 0..<21 {
                let now = formatter.string(from: first.addingTimeInterval(Double(day) * 86_400))
                if now.hasPrefix("2026-11-15") {
                    try await TwoMonthsEndToEndTests.importFile(
                        setup, kind: "customers", text: "id,renewal_date\nR,2026-11-28\n", at: now, name: "moved")
                }
                received += try await Self.tick(setup, server, at: [now])
            }
            #expect(
                received == [
                    "2026-11-13T09:00 r@example.vn: Renews on 2026-11-20, days left: 7",
                    "2026-11-13T09:00 s@example.vn: Renews on 2026-11-20, days left: 7",
                    "2026-11-19T09:00 s@example.vn: Renews on 2026-11-20, days left: 1",
                    "2026-11-21T09:00 r@example.vn: Renews on 2026-11-28, days left: 7",
                    "2026-11-23T09:00 s@example.vn: Lapsed 3 days ago, on 2026-11-20",
                    "2026-11-27T09:00 r@example.vn: Renews on 2026-11-28, days left: 1",
                    "2026-12-01T09:00 r@example.vn: Lapsed 3 days ago, on 2026-11-28",
                ], "\(received)")
            #expect(try await Self.unsent(setup) == [])
        }
    }

    // MARK: - (e) a birthday whose year is unknown, on Feb 29

    /// `0000-02-29` is wished like a known Feb 29 birthday: on Feb 28 in 2027, on Feb 29 in the
    /// leap year 2028, without an age. A placeholder birthday is still ignored.
    @Test func aYearUnknownLeapDayBirthdayIsWishedWithoutAnAge() async throws {
        try await withSMTPServer { server in
            let setup = try Self.deploy(
                server,
                [
                    "birthday.yml": """
                    id: birthday
                    trigger: { kind: birthday, at: "09:00" }
                    message: { subject: "Happy birthday{{#age}}, {{age}} today{{/age}}!", text: "Hi" }
                    """
                ])
            defer { setup.cleanUp() }
            try await TwoMonthsEndToEndTests.importFile(
                setup, kind: "customers",
                text: """
                    id,email,birthday
                    LEAP,leap@example.vn,1996-02-29
                    NOYEAR,noyear@example.vn,0000-02-29
                    ZERO,zero@example.vn,1970-01-01

                    """, at: "2027-01-01T09:00:00+07:00", name: "birthdays")
            let received = try await Self.tick(
                setup, server,
                at: [
                    "2027-02-27T09:00:00+07:00", "2027-02-28T09:00:00+07:00", "2027-03-01T09:00:00+07:00",
                    "2028-02-28T09:00:00+07:00", "2028-02-29T09:00:00+07:00", "2028-03-01T09:00:00+07:00",
                ])
            #expect(
                received == [
                    "2027-02-28T09:00 leap@example.vn: Happy birthday, 31 today!",
                    "2027-02-28T09:00 noyear@example.vn: Happy birthday!",
                    "2028-02-29T09:00 leap@example.vn: Happy birthday, 32 today!",
                    "2028-02-29T09:00 noyear@example.vn: Happy birthday!",
                ], "\(received)")
        }
    }

    // MARK: - (f) a checkout signup: a purchase inside the welcome's delay

    /// A and B sign up at 09:00; A buys at 09:05, as shops that create accounts at checkout see.
    /// The welcome still goes to A, and the purchase ends only the steps after it; a campaign
    /// with `first_step: true` sends A nothing.
    @Test func aCheckoutSignupStillGetsTheWelcome() async throws {
        try await withSMTPServer { server in
            let drip = { (id: String, name: String, option: String) in
                """
                id: \(id)
                trigger:
                  kind: welcome
                  since: 2026-01-01
                  steps: [{ delay: 1h }, { delay: 3d, message: { subject: "\(name) tips", text: "Three tips" } }]
                  exit: { events: [purchase]\(option) }
                message: { subject: "\(name) welcome", text: "Hello" }
                """
            }
            let setup = try Self.deploy(
                server,
                [
                    "welcome.yml": drip("welcome", "Shop", ""),
                    "welcome-strict.yml": drip("welcome-strict", "Strict", ", first_step: true"),
                ])
            defer { setup.cleanUp() }
            try await TwoMonthsEndToEndTests.importFile(
                setup, kind: "customers",
                text: """
                    id,email,signed_up_at
                    A,a@example.vn,2026-11-20T09:00:00+07:00
                    B,b@example.vn,2026-11-20T09:00:00+07:00

                    """, at: "2026-11-20T09:00:00+07:00", name: "signups")
            try await TwoMonthsEndToEndTests.importFile(
                setup, kind: "events",
                text: """
                    {"customer": "A", "kind": "purchase", "at": "2026-11-20T09:05:00+07:00", "id": "order-1", "properties": {"amount": 350000}}

                    """, at: "2026-11-20T09:05:00+07:00", name: "checkout")
            let received = try await Self.tick(
                setup, server, at: ["2026-11-20T10:00:00+07:00", "2026-11-23T09:00:00+07:00"])
            #expect(
                received == [
                    "2026-11-20T10:00 a@example.vn: Shop welcome",
                    "2026-11-20T10:00 b@example.vn: Shop welcome",
                    "2026-11-20T10:00 b@example.vn: Strict welcome",
                    "2026-11-23T09:00 b@example.vn: Shop tips",
                    "2026-11-23T09:00 b@example.vn: Strict tips",
                ], "\(received)")
            let exit = "skipped: exit: purchase at 2026-11-20T02:05:00Z"
            let unsent = try await Self.unsent(setup)
            #expect(
                unsent.map { $0.components(separatedBy: " ended").first ?? $0 } == [
                    "welcome A signup+3d \(exit)",
                    "welcome-strict A signup \(exit)",
                    "welcome-strict A signup+3d \(exit)",
                ], "\(unsent)")
        }
    }
}
