import Foundation
import RapportCore
import RapportDaemon
import RapportStore
import Testing

/// Issue 13's cases of one admission pass per moment: what comes due together — deferrals
/// resuming with the send window's morning and occurrences newly due — is admitted in priority
/// order and counted one by one, and a deferral is decided again when it resumes.
@Suite struct AdmissionTickTests {
    static let window = #"send_window: { from: "08:00", to: "21:00" }"#

    static func birthday(priority: Int = 10, maxDelay: String = "7d", window: String = "") -> String {
        """
        id: birthday
        priority: \(priority)
        max_delay: \(maxDelay)
        trigger: { kind: birthday, at: "09:00" }
        \(window)
        message: { subject: "Happy birthday", text: "Hi" }
        """
    }

    static let winback = """
        id: winback
        trigger: { kind: inactivity, after: [30d] }
        \(window)
        message: { subject: "We miss you", text: "Come back" }
        """

    static func survey(window: String = AdmissionTickTests.window) -> String {
        """
        id: nps
        category: survey
        trigger: { kind: nps, kinds: [support_ticket_closed], delay: 1d, cooldown: 30d }
        \(window)
        message: { subject: "How did we do?", text: "Tell us" }
        """
    }

    static func welcome(priority: Int, window: String = "") -> String {
        """
        id: welcome
        priority: \(priority)
        trigger:
          kind: welcome
          since: 2026-01-01
          steps: [{ delay: 1h }, { delay: 3d, message: { subject: "Tips", text: "Three tips" } }]
        \(window)
        message: { subject: "Welcome", text: "Hello" }
        """
    }

    static let cap = FrequencyCap(messages: 2, per: TimeSpan("7d")!)

    func customer(_ id: String, _ set: (inout CustomerPatch) -> Void) -> CustomerPatch {
        var patch = CustomerPatch(id: id)
        patch.email = "\(id.lowercased())@example.vn"
        set(&patch)
        return patch
    }

    /// Ticks every hour from `start` until `end` (local times in Hanoi), with `before` run ahead
    /// of each tick at its instant.
    func tickHourly(
        _ fixture: TickFixture, from start: String, until end: String, before: (Date) throws -> Void = { _ in }
    ) async throws {
        var time = try #require(Timestamp.parse(start))
        let last = try #require(Timestamp.parse(end))
        while time <= last {
            try before(time)
            try await fixture.run(at: Timestamp.format(time))
            time.addTimeInterval(3_600)
        }
    }

    func sent(_ fixture: TickFixture, _ campaignID: String) throws -> [LedgerEntry] {
        try fixture.ledger().filter { $0.campaignID == campaignID && $0.status == .sent }
    }

    @Test func deferralsResumingTogetherInTheMorningStayUnderTheCap() async throws {
        let fixture = try TickFixture(
            campaigns: [Self.birthday(), Self.winback, Self.survey()], frequencyCap: Self.cap)
        defer { fixture.cleanUp() }
        _ = try fixture.store.upsert(
            [
                customer("A") {
                    $0.birthday = LocalDate("1990-11-10")
                    $0.lastActiveAt = Timestamp.parse("2026-10-11T23:00:00+07:00")
                }
            ], at: .distantPast)
        _ = try fixture.store.record(
            [
                CustomerEvent(
                    customerID: "A", kind: "support_ticket_closed",
                    occurredAt: Timestamp.parse("2026-11-09T22:30:00+07:00")!, externalID: "ticket-1")
            ], at: Timestamp.parse("2026-11-09T22:30:00+07:00")!)

        try await tickHourly(fixture, from: "2026-11-10T08:00:00+07:00", until: "2026-11-11T12:00:00+07:00")

        let ledger = try fixture.ledger("A")
        #expect(fixture.transport.recipients.count == 2, "\(ledger)")
        #expect(try sent(fixture, "birthday").count == 1)
        // The survey (due first, at 22:30) goes at 08:00; the win-back waits for a slot.
        #expect(try sent(fixture, "nps").first?.lastAttemptAt == Timestamp.parse("2026-11-11T08:00:00+07:00"))
        let winback = try #require(ledger.first { $0.campaignID == "winback" })
        #expect(winback.status == .deferred, "\(winback)")
        #expect(winback.reply?.hasPrefix("frequency cap 2 per 1w reached") == true, "\(winback)")
    }

    /// A customer born on 10 Nov who signed up at `signup`, ticked hourly from then until `end`
    /// under the cap: checks her birthday wish went at 09:00 on 10 Nov, and returns her drip's tips.
    func tipsAfterABirthdayWish(campaigns: [String], signup: String, until end: String) async throws -> (
        tips: LedgerEntry, sent: Int
    ) {
        let fixture = try TickFixture(campaigns: campaigns, frequencyCap: Self.cap)
        defer { fixture.cleanUp() }
        _ = try fixture.store.upsert(
            [
                customer("B") {
                    $0.birthday = LocalDate("1990-11-10")
                    $0.signedUpAt = Timestamp.parse(signup)
                }
            ], at: .distantPast)

        try await tickHourly(fixture, from: signup, until: end)

        let ledger = try fixture.ledger("B")
        let wish = try #require(try sent(fixture, "birthday").first, "\(ledger)")
        #expect(wish.lastAttemptAt == Timestamp.parse("2026-11-10T09:00:00+07:00"))
        return (
            try #require(ledger.first { $0.occurrence.rawValue == "signup+3d" }), fixture.transport.recipients.count
        )
    }

    @Test func aBirthdayWinsTheLastSlotOverADeferredDripStep() async throws {
        let (tips, _) = try await tipsAfterABirthdayWish(
            campaigns: [
                Self.birthday(), Self.welcome(priority: 1, window: #"send_window: { from: "09:00", to: "21:00" }"#),
            ],
            signup: "2026-11-07T05:00:00+07:00", until: "2026-11-10T12:00:00+07:00")
        #expect(tips.status == .deferred, "\(tips)")
        #expect(tips.notBefore == Timestamp.parse("2026-11-14T09:00:00+07:00"), "\(tips)")
    }

    @Test func aKnownBirthdayKeepsItsRoomAgainstTheDrip() async throws {
        let (tips, sent) = try await tipsAfterABirthdayWish(
            campaigns: [Self.birthday(maxDelay: "12h"), Self.welcome(priority: 0)],
            signup: "2026-11-06T10:00:00+07:00", until: "2026-11-14T12:00:00+07:00")
        #expect(tips.status == .sent, "\(tips)")
        // Not on day 3 (that would have left the birthday no room), but when the first slot frees.
        #expect(tips.lastAttemptAt == Timestamp.parse("2026-11-13T11:00:00+07:00"), "\(tips)")
        #expect(sent == 3)
    }

    @Test func aSurveyWaitingForTheWindowCountsTowardTheCooldown() async throws {
        let fixture = try TickFixture(
            campaigns: [Self.survey(window: #"send_window: { from: "09:00", to: "12:00" }"#)])
        defer { fixture.cleanUp() }
        _ = try fixture.store.upsert([customer("D") { _ in }, customer("E") { _ in }], at: .distantPast)
        let tickets = [
            ("D", "2026-11-09T13:00:00+07:00"), ("D", "2026-11-10T08:00:00+07:00"),
            // Two interactions whose surveys come due within the same tick, the window closed.
            ("E", "2026-11-09T15:10:00+07:00"), ("E", "2026-11-09T15:40:00+07:00"),
        ]
        _ = try fixture.store.record(
            tickets.enumerated().map { index, ticket in
                CustomerEvent(
                    customerID: ticket.0, kind: "support_ticket_closed", occurredAt: Timestamp.parse(ticket.1)!,
                    externalID: "ticket-\(index)")
            }, at: Timestamp.parse("2026-11-10T08:00:00+07:00")!)

        try await tickHourly(fixture, from: "2026-11-10T12:00:00+07:00", until: "2026-11-11T12:00:00+07:00")

        #expect(fixture.transport.recipients.sorted() == ["d@example.vn", "e@example.vn"])
        for customerID in ["D", "E"] {
            let skipped = try #require(try fixture.ledger(customerID).first { $0.status == .skipped })
            let reason = skipped.reply ?? ""
            #expect(reason.hasPrefix("cooldown: a survey due at "), "\(reason)")
            #expect(reason.contains("is deferred to 2026-11-11T02:00:00Z"), "\(reason)")
            #expect(!reason.contains("surveyed at"), "nothing had been sent: \(reason)")
        }
    }

    @Test func aWinbackDeferredAcrossAPurchaseIsSkipped() async throws {
        let fixture = try TickFixture(campaigns: [Self.winback])
        defer { fixture.cleanUp() }
        _ = try fixture.store.upsert(
            [customer("F") { $0.lastActiveAt = Timestamp.parse("2026-10-11T23:00:00+07:00") }], at: .distantPast)
        let purchaseRecorded = Timestamp.parse("2026-11-11T00:00:00+07:00")!

        try await tickHourly(fixture, from: "2026-11-10T22:00:00+07:00", until: "2026-11-11T10:00:00+07:00") { time in
            guard time == purchaseRecorded else { return }
            _ = try fixture.store.record(
                [
                    CustomerEvent(
                        customerID: "F", kind: "purchase", occurredAt: Timestamp.parse("2026-11-10T23:15:00+07:00")!,
                        externalID: "order-1", properties: ["amount": .number(350_000)])
                ], at: time)
        }

        #expect(fixture.transport.recipients.isEmpty)
        let winback = try #require(try fixture.ledger("F").first)
        #expect(winback.status == .skipped, "\(winback)")
        #expect(
            winback.reply
                == "no longer due: the customer was active again at 2026-11-10T16:15:00Z, which ended the quiet spell")
    }
}
