import Foundation
import Logging
import RapportCore
import RapportDaemon
import RapportStore
import RapportTestSupport
import Testing

/// Over seeded random customers, event streams and tick sequences (pauses, overlapping ticks,
/// clock jumps back): no occurrence is ever sent twice, and every occurrence that was due —
/// open at a tick, or opened and closed between two — is in the ledger as sent, deferred,
/// skipped or expired, the last three with a reason. Nothing is silently lost. And the frequency
/// cap holds in every window of its length, though win-backs and surveys deferred overnight by
/// their send windows resume together in the morning.
@Suite struct OccurrenceInvariantTests {
    static let zones = [
        "Asia/Ho_Chi_Minh", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Kiritimati", "UTC",
    ]

    static let campaigns = [
        """
        id: welcome
        trigger:
          kind: welcome
          since: 2028-02-01
          steps: [{ delay: 1h }, { delay: 3d }, { delay: 7d }]
          exit: { events: [purchase] }
        message: { subject: "Welcome", text: "Hello" }
        """,
        """
        id: birthday
        priority: 5
        trigger: { kind: birthday, at: "09:00" }
        message: { subject: "Happy birthday", text: "Hi" }
        """,
        """
        id: renewal
        category: transactional
        trigger: { kind: renewal, before: [7d, 1d], after: [3d], at: "02:30" }
        message: { subject: "Renewal", text: "Renew" }
        """,
        """
        id: winback
        trigger: { kind: inactivity, after: [10d, 20d] }
        audience: [{ attribute: plan, not_in: [bronze] }]
        send_window: { from: "08:00", to: "21:00" }
        message: { subject: "Miss you", text: "Come back" }
        """,
        """
        id: nps
        category: survey
        trigger: { kind: nps, kinds: [support_ticket_closed], delay: 1d, cooldown: 20d }
        send_window: { from: "08:00", to: "21:00" }
        message: { subject: "How did we do?", text: "Tell us" }
        """,
    ]

    /// Feb 29 2028 (a leap day), US and UK spring-forward, Lord Howe's half-hour fall-back.
    static let start = Timestamp.parse("2028-02-10T00:00:00Z")!
    static let end = Timestamp.parse("2028-04-10T00:00:00Z")!

    @Test(arguments: 0..<2)
    func nothingSentTwiceAndNothingDueSilentlyLost(run: Int) async throws {
        let seed = SplitMix64.seedForThisRun() &+ UInt64(run)
        var random = SplitMix64(seed: seed)
        let fixture = try TickFixture(
            campaigns: Self.campaigns, frequencyCap: FrequencyCap(messages: 2, per: TimeSpan("7d")!))
        defer { fixture.cleanUp() }
        let tick = try fixture.tick
        _ = try fixture.store.upsert(
            (0..<40).map { customer($0, using: &random) }, at: Self.start.addingTimeInterval(-86_400 * 30))

        var time = Self.start
        var latest = time.addingTimeInterval(-1)
        var ticks = 0
        while time < Self.end {
            for event in events(at: time, since: latest, using: &random) {
                _ = try fixture.store.record([event], at: time)
            }
            if Int.random(in: 0..<40, using: &random) == 0 {
                // A renewal date moved: every reminder re-arms for the new date.
                var moved = CustomerPatch(id: "C\(Int.random(in: 0..<40, using: &random))")
                moved.renewalDate = ZonedTime.localDate(of: time, in: .gmt).adding(
                    days: Int.random(in: 2...30, using: &random))
                _ = try fixture.store.upsert([moved], at: time)
            }
            _ = try await tick.run(campaigns: fixture.campaigns, at: time, logger: Logger(label: "test"))
            ticks += 1
            try checkEverythingDueIsRecorded(fixture: fixture, previous: latest, now: time, seed: seed)
            latest = max(latest, time)
            time = nextTick(after: time, using: &random)
            // Long and never suspending otherwise: let other tests' tasks have the two-core pool.
            await Task.yield()
        }

        let keys = fixture.transport.messageIDs
        #expect(Set(keys).count == keys.count, "seed \(seed): an occurrence was handed to the transport twice")
        let ledger = try fixture.ledger()
        #expect(ledger.filter { $0.status == .sent }.count == keys.count, "seed \(seed)")
        for entry in ledger where entry.status != .sent {
            #expect(
                [.deferred, .skipped, .expired].contains(entry.status) && !(entry.reply ?? "").isEmpty,
                "seed \(seed): \(entry) has no reason")
        }
        #expect(ledger.contains { $0.status == .expired }, "seed \(seed): pauses should have expired something")
        checkTheCapHeldInEveryWindow(ledger, cap: try #require(fixture.frequencyCap), fixture: fixture, seed: seed)
        #expect(ticks > 300)
    }

    /// After the tick at `now`: each occurrence open at `now`, or opened after `previous` and
    /// closed by `now`, for an eligible customer, has a ledger row.
    func checkEverythingDueIsRecorded(fixture: TickFixture, previous: Date, now: Date, seed: UInt64) throws {
        let tick = try fixture.tick
        let recorded = Set(try fixture.ledger().map { "\($0.campaignID)/\($0.customerID)/\($0.occurrence)" })
        var customers: [String: Customer] = [:]
        try fixture.store.forEachCustomer { customers[$0.id] = $0 }
        for campaign in fixture.campaigns {
            let evaluator = tick.evaluator(for: campaign)
            var due: [(Customer, Occurrence)] = []
            if case .nps(let nps) = campaign.trigger {
                for (customer, interaction) in try fixture.store.interactions(
                    of: nps.kinds, in: Date.distantPast...Date.distantFuture)
                {
                    due.append((customer, nps.occurrence(of: interaction)))
                }
            } else {
                for customer in customers.values {
                    for occurrence in evaluator.occurrences(for: customer, from: min(previous, now), to: now) {
                        due.append((customer, occurrence))
                    }
                }
            }
            for (customer, occurrence) in due {
                let wasDue =
                    occurrence.isOpen(at: now) || (previous < now && occurrence.wasMissed(after: previous, before: now))
                guard wasDue, evaluator.isEligible(customer) else { continue }
                let isRecorded = recorded.contains("\(campaign.id)/\(customer.id)/\(occurrence.key)")
                #expect(
                    isRecorded,
                    "seed \(seed): \(campaign.id) \(occurrence) for \(customer.id) due by \(Timestamp.format(now)) is not in the ledger"
                )
            }
        }
    }

    /// For every customer and every span of the cap's length ending at one of their capped sends,
    /// at most the cap's messages were handed over in it — whatever deferrals resumed together.
    func checkTheCapHeldInEveryWindow(_ ledger: [LedgerEntry], cap: FrequencyCap, fixture: TickFixture, seed: UInt64) {
        let capped = Set(fixture.campaigns.filter { FrequencyCap.applies(to: $0.category) }.map(\.id))
        let sends = Dictionary(
            grouping: ledger.filter { $0.status == .sent && capped.contains($0.campaignID) }, by: \.customerID)
        for (customerID, entries) in sends {
            let times = entries.compactMap(\.lastAttemptAt).sorted()
            for end in times {
                let inWindow = times.filter { $0 > end.addingTimeInterval(-cap.per.timeInterval) && $0 <= end }
                #expect(
                    inWindow.count <= cap.messages,
                    "seed \(seed): \(customerID) got \(inWindow.count) capped messages in the \(cap.per) up to \(Timestamp.format(end)): \(entries.map { "\($0.campaignID) \($0.occurrence) \(Timestamp.format($0.lastAttemptAt ?? $0.createdAt))" })"
                )
            }
        }
    }

    func customer(_ index: Int, using random: inout SplitMix64) -> CustomerPatch {
        var patch = CustomerPatch(id: "C\(index)")
        patch.email = index % 13 == 12 ? "not-an-address" : "c\(index)@example.vn"
        patch.timeZone = Self.zones.randomElement(using: &random)
        let birthdays = ["2000-02-29", "1990-03-12", "1985-03-26", "1970-04-02", "1999-02-28", "1992-03-01"]
        patch.birthday = LocalDate(
            index % 3 == 0
                ? birthdays.randomElement(using: &random)!
                : "19\(Int.random(in: 50...99, using: &random))-0\(Int.random(in: 2...4, using: &random))-\(String(format: "%02d", Int.random(in: 1...28, using: &random)))"
        )
        patch.signedUpAt = Self.start.addingTimeInterval(Double.random(in: -20...50, using: &random) * 86_400)
        if Bool.random(using: &random) {
            patch.lastActiveAt = Self.start.addingTimeInterval(Double.random(in: -25...0, using: &random) * 86_400)
        }
        patch.renewalDate = ZonedTime.localDate(of: Self.start, in: .gmt).adding(
            days: Int.random(in: 0...60, using: &random))
        patch.attributes["plan"] = .string(["gold", "silver", "bronze"].randomElement(using: &random)!)
        if index % 10 == 9 { patch.subscription = .unsubscribed }
        return patch
    }

    /// Purchases, visits and closed tickets that happened since the last tick, some imported late.
    func events(at now: Date, since previous: Date, using random: inout SplitMix64) -> [CustomerEvent] {
        (0..<Int.random(in: 0...2, using: &random)).map { _ in
            let kind = ["purchase", "activity", "support_ticket_closed", "support_ticket_closed"].randomElement(
                using: &random)!
            let span = max(1, now.timeIntervalSince(min(previous, now)))
            return CustomerEvent(
                customerID: "C\(Int.random(in: 0..<40, using: &random))", kind: kind,
                occurredAt: now.addingTimeInterval(-Double.random(in: 0...span, using: &random)),
                externalID: UUID().uuidString)
        }
    }

    /// Mostly every 15 minutes to 2 hours; sometimes a pause of up to three days, an overlapping tick
    /// at the same instant, or the clock going back an hour.
    func nextTick(after time: Date, using random: inout SplitMix64) -> Date {
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<3: time.addingTimeInterval(Double.random(in: 3_600...3 * 86_400, using: &random))
        case 3..<6: time
        case 6..<9: time.addingTimeInterval(-3_600)
        default: time.addingTimeInterval(Double.random(in: 900...7_200, using: &random))
        }
    }
}
