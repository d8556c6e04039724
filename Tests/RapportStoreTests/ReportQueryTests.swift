import Foundation
import RapportCore
import RapportStore
import RapportTestSupport
import Testing

/// The report figures on a small store whose answers were worked out by hand (in the comments),
/// on SQLite and on PostgreSQL.
@Suite struct ReportQueryTests {
    static func at(_ text: String) -> Date { Timestamp.parse(text)! }
    let start = at("2026-11-01T00:00:00Z")
    let end = at("2026-12-01T00:00:00Z")

    /// A and B are old customers; C and D signed up in November; E never did anything.
    /// A: active 2026-10-20, purchases 11-08 (100) and 11-20 (300). B: last active 2026-08-10.
    /// C: purchase 11-12 (200). D: no events.
    static func seeded(in directory: TemporaryDirectory, _ kind: StoreKind) throws -> Store {
        let store = try Store(try kind.location(directory.path("report.sqlite")))
        let signups = [
            "A": "2026-01-01T00:00:00Z", "B": "2026-01-01T00:00:00Z", "C": "2026-11-10T00:00:00Z",
            "D": "2026-11-15T00:00:00Z", "E": "2025-01-01T00:00:00Z",
        ]
        try Self.signUp(signups, into: store) { $0.attributes["plan"] = .string($0.id == "C" ? "silver" : "gold") }
        let purchase = { (id: String, at: String, amount: Double) in
            CustomerEvent(
                customerID: id, kind: "purchase", occurredAt: Self.at(at), properties: ["amount": .number(amount)])
        }
        _ = try store.record(
            [
                CustomerEvent(customerID: "A", kind: "activity", occurredAt: Self.at("2026-10-20T00:00:00Z")),
                CustomerEvent(customerID: "B", kind: "activity", occurredAt: Self.at("2026-08-10T00:00:00Z")),
                purchase("A", "2026-11-08T00:00:00Z", 100), purchase("A", "2026-11-20T00:00:00Z", 300),
                purchase("C", "2026-11-12T00:00:00Z", 200),
            ], at: Self.at("2026-11-30T00:00:00Z"))
        return store
    }

    /// Customers `id@example.vn`, each signed up at its time.
    static func signUp(
        _ signups: [String: String], into store: Store, _ adjust: (inout CustomerPatch) -> Void = { _ in }
    )
        throws
    {
        _ = try store.upsert(
            signups.map { id, signup in
                var patch = CustomerPatch(id: id)
                patch.email = "\(id.lowercased())@example.vn"
                patch.signedUpAt = Self.at(signup)
                adjust(&patch)
                return patch
            }, at: Self.at("2025-01-01T00:00:00Z"))
    }

    @Test(arguments: StoreKind.allCases) func retentionAndChurnByHand(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try Self.seeded(in: directory, kind)
        // At start (active within 90 days before 11-01): A (10-20), B (08-10) → 2.
        // At end (within 90 days before 12-01): A, C (signup and purchase), D (signup) → 3; B churned.
        // New and counted at the end: C, D → 2. Retention (3 − 2) / 2 = 0.5, churn 0.5.
        let retention = try store.retention(from: start, to: end, activeWithin: 90 * 86_400)
        #expect(retention == RetentionRate(customersAtStart: 2, customersAtEnd: 3, newCustomers: 2))
        #expect(retention.rate == 0.5 && retention.churnRate == 0.5)
    }

    @Test(arguments: StoreKind.allCases) func customersBackFromAQuietSpellAreCountedApart(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        // Active within 90 days: at the start (11-01) from 08-03, at the end (12-01) from 09-02.
        // G: active 10-15 and 11-25, M: 10-20 and 11-10, V: 10-25 and 11-28 — at start and end.
        // L: active 08-20 — at start only (churned). H: active 06-01 and 11-20 — not at start, at
        // end, not new: reactivated; so is N, with no signup time, active 05-01 and 11-15.
        // K: signs up 11-05 — new.
        // Start {G, M, V, L} = 4, end {G, M, V, H, N, K} = 6, new 1, reactivated 2; (6 − 1) / 4 = 1.25.
        let store = try Store(try kind.location(directory.path("quiet.sqlite")))
        try Self.signUp(
            [
                "G": "2025-01-01T00:00:00Z", "M": "2025-01-01T00:00:00Z", "V": "2025-01-01T00:00:00Z",
                "L": "2025-01-01T00:00:00Z", "H": "2025-01-01T00:00:00Z", "K": "2026-11-05T00:00:00Z",
            ], into: store)
        var noSignup = CustomerPatch(id: "N")
        noSignup.email = "n@example.vn"
        _ = try store.upsert([noSignup], at: Self.at("2025-01-01T00:00:00Z"))
        _ = try store.record(
            [
                ("G", "2026-10-15T00:00:00Z"), ("G", "2026-11-25T00:00:00Z"), ("M", "2026-10-20T00:00:00Z"),
                ("M", "2026-11-10T00:00:00Z"), ("L", "2026-08-20T00:00:00Z"), ("H", "2026-06-01T00:00:00Z"),
                ("H", "2026-11-20T00:00:00Z"), ("N", "2026-05-01T00:00:00Z"), ("N", "2026-11-15T00:00:00Z"),
                ("V", "2026-10-25T00:00:00Z"), ("V", "2026-11-28T00:00:00Z"),
            ].map { CustomerEvent(customerID: $0.0, kind: "activity", occurredAt: Self.at($0.1)) },
            at: Self.at("2026-11-30T00:00:00Z"))
        let retention = try store.retention(from: start, to: end, activeWithin: 90 * 86_400)
        #expect(
            retention
                == RetentionRate(customersAtStart: 4, customersAtEnd: 6, newCustomers: 1, reactivatedCustomers: 2))
        #expect(retention.rate == 1.25, "the issue's formula, reactivation included")
    }

    @Test(arguments: StoreKind.allCases) func importedLastActiveCountsAsActivity(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        // Issue 16: P and Q have no events, only an imported last_active_at. P was active on 09-25,
        // 37 days before the period: within 90 days of the start (from 08-03) and of the end (from
        // 09-02), so counted at both. Q, active 07-01, at neither. With 40 days, the start looks
        // back to 09-22 (P counts) and the end to 10-22 (P does not): P churned.
        let store = try Store(try kind.location(directory.path("imported.sqlite")))
        try Self.signUp(["P": "2025-01-01T00:00:00Z", "Q": "2025-01-01T00:00:00Z"], into: store) {
            $0.lastActiveAt = Self.at($0.id == "P" ? "2026-09-25T00:00:00Z" : "2026-07-01T00:00:00Z")
        }
        let retention = try store.retention(from: start, to: end, activeWithin: 90 * 86_400)
        #expect(retention == RetentionRate(customersAtStart: 1, customersAtEnd: 1, newCustomers: 0))
        let shortWindow = try store.retention(from: start, to: end, activeWithin: 40 * 86_400)
        #expect(shortWindow == RetentionRate(customersAtStart: 1, customersAtEnd: 0, newCustomers: 0), "P churned")
    }

    @Test(arguments: StoreKind.allCases) func lifetimeValueByHand(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try Self.seeded(in: directory, kind)
        // Orders 100, 300, 200: average 200; 3 orders / 2 customers = 1.5; lifespan 1 / 0.5 = 2.
        // CLV = 200 × 1.5 × 2 = 600.
        let histories = try store.purchaseHistories(from: start, to: end, segment: "plan")
        #expect(histories.map(\.customerID) == ["A", "C"])
        #expect(histories.map(\.segment) == ["gold", "silver"])
        let lifespan = try #require(CustomerLifetimeValue.lifespan(churnRate: 0.5))
        let value = try #require(
            CustomerLifetimeValue(
                orderAmounts: histories.flatMap(\.amounts), customers: histories.count, averageLifespan: lifespan))
        #expect(value.averageOrderValue == 200 && value.purchaseFrequency == 1.5 && value.value == 600)
    }

    @Test(arguments: StoreKind.allCases) func npsByMonthAndInteractionByHand(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try Self.seeded(in: directory, kind)
        // Ten answers: 10, 9, 9, 10, 10 promoters (5); 8, 7 passives (2); 6, 3, 5 detractors (3).
        // NPS = 50% − 30% = 20. The three given in October fall outside the period.
        _ = try store.record(
            [
                CustomerEvent(
                    customerID: "A", kind: "support_ticket_closed", occurredAt: Self.at("2026-10-01T00:00:00Z")),
                CustomerEvent(customerID: "A", kind: "order_delivered", occurredAt: Self.at("2026-10-02T00:00:00Z")),
            ], at: Self.at("2026-10-02T00:00:00Z"))
        let scores = [10, 9, 9, 8, 7, 6, 3, 10, 10, 5]
        for (index, score) in scores.enumerated() {
            let answer = try #require(
                SurveyAnswer(
                    customerID: "A", campaignID: "nps",
                    occurrence: OccurrenceKey(rawValue: "interaction:\(index % 2 + 6)"),
                    score: score))
            var distinct = answer
            distinct.campaignID = "nps-\(index)"
            try store.record(distinct, at: Self.at("2026-11-\(10 + index)T00:00:00Z"))
        }
        for score in [0, 0, 0] {
            let old = try #require(
                SurveyAnswer(
                    customerID: "B", campaignID: "nps-old-\(score)",
                    occurrence: OccurrenceKey(rawValue: "interaction:99"),
                    score: score))
            try store.record(old, at: Self.at("2026-10-15T00:00:00Z"))
        }
        let answers = try store.surveyAnswers(from: start, to: end, campaignIDs: nil)
        let breakdown = try NPSBreakdown(answers, zone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!)
        #expect(
            breakdown.overall.promoters == 5 && breakdown.overall.passives == 2 && breakdown.overall.detractors == 3)
        #expect(breakdown.overall.score == 20)
        #expect(breakdown.byMonth.map(\.month) == ["2026-11"])
        // Even positions surveyed event 6 (the ticket), odd ones event 7 (the delivery).
        #expect(breakdown.byInteraction.map(\.kind) == ["order_delivered", "support_ticket_closed"])
        #expect(breakdown.byInteraction[1].score.promoters == 3)  // 10, 9, 10 at positions 0, 2, 8
    }

    @Test(arguments: StoreKind.allCases) func campaignFunnelWithHoldoutLiftByHand(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        let store = try Self.seeded(in: directory, kind)
        // Sent to A and B on 11-05; C and D held out on 11-10; E skipped. Goal: a purchase within 7 days.
        // A bought on 11-08 (converted), B did not; C bought on 11-12 (converted), D did not.
        // Rates 1/2 and 1/2: lift 0, standard error √(0.25/2 + 0.25/2) = 0.5, CI 0 ± 0.98.
        let sentAt = Self.at("2026-11-05T02:00:00Z")
        let decisions = ["A", "B"].map {
            Decision(campaignID: "winback", customerID: $0, occurrence: OccurrenceKey(rawValue: "w1"), action: .send)
        }
        _ = try store.record(decisions, transport: "default", at: sentAt)
        for claim in try store.claimDue(owner: "t", campaignIDs: ["winback"], limit: 10, lease: 60, at: sentAt) {
            #expect(try store.complete(claim, owner: "t", as: .sent, reply: "250 ok", at: sentAt))
        }
        _ = try store.record(
            ["C", "D"].map {
                Decision(
                    campaignID: "winback", customerID: $0, occurrence: OccurrenceKey(rawValue: "w1"), action: .holdout)
            } + [
                Decision(
                    campaignID: "winback", customerID: "E", occurrence: OccurrenceKey(rawValue: "w1"),
                    action: .skip(reason: "no address"))
            ], transport: "default", at: Self.at("2026-11-10T02:00:00Z"))
        try store.recordMessageEvent(
            .open, campaignID: "winback", customerID: "A", occurrence: OccurrenceKey(rawValue: "w1"), at: sentAt)
        try store.recordMessageEvent(
            .open, campaignID: "winback", customerID: "A", occurrence: OccurrenceKey(rawValue: "w1"), at: sentAt)
        try store.recordMessageEvent(
            .click, campaignID: "winback", customerID: "A", occurrence: OccurrenceKey(rawValue: "w1"),
            url: "https://hoamai.example/", at: sentAt)
        _ = try store.setUnsubscribed(
            [.marketing], customerID: "B", campaignID: "winback", occurrence: OccurrenceKey(rawValue: "w1"),
            source: "unsubscribe page", at: sentAt)

        let funnels = try store.campaignFunnels(
            from: start, to: end, campaignIDs: nil,
            goals: ["winback": CampaignGoal(events: ["purchase"], within: TimeSpan(seconds: 7 * 86_400))])
        let funnel = try #require(funnels.first)
        #expect(funnels.count == 1)
        #expect(funnel.due == 5 && funnel.sent == 2 && funnel.heldOut == 2 && funnel.skipped == 1)
        #expect(funnel.opened == 1 && funnel.clicked == 1 && funnel.unsubscribed == 1)
        #expect(funnel.converted == 1 && funnel.heldOutConverted == 1)
        let lift = try #require(funnel.lift)
        #expect(lift.difference == 0)
        let interval = try #require(lift.confidenceInterval95)
        #expect(abs(interval.lowerBound + 0.98) < 1e-9 && abs(interval.upperBound - 0.98) < 1e-9)
        #expect(try store.campaignFunnels(from: start, to: end, campaignIDs: ["other"], goals: [:]).isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func signupCohortsByLocalMonthByHand(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        // In Ho Chi Minh City (UTC+7) — the UTC month differs for P, R's activity and S:
        // P signs up 09-30 18:00Z = 10-01 01:00 local, active 10-31 17:30Z = 11-01 local and 11-10;
        // Q signs up 10-15, purchase 10-20; R signs up 10-31 16:59Z = 10-31 23:59 local, active
        // 11-30 17:00Z = 12-01 local; S signs up 10-31 17:00Z = 11-01 local, active 11-05.
        // October: P, Q, R (3) — month 0: Q; month 1: P (two events, one customer); month 2: R.
        // November: S (1) — month 0: S. T signed up before the period and is not a cohort.
        let store = try Store(try kind.location(directory.path("cohorts.sqlite")))
        let signups = [
            "P": "2026-09-30T18:00:00Z", "Q": "2026-10-15T00:00:00Z", "R": "2026-10-31T16:59:00Z",
            "S": "2026-10-31T17:00:00Z", "T": "2026-09-30T16:59:00Z",
        ]
        try Self.signUp(signups, into: store)
        let event = { (id: String, kind: String, at: String) in
            CustomerEvent(customerID: id, kind: kind, occurredAt: Self.at(at))
        }
        _ = try store.record(
            [
                event("P", "activity", "2026-10-31T17:30:00Z"), event("P", "activity", "2026-11-10T00:00:00Z"),
                event("Q", "purchase", "2026-10-20T00:00:00Z"), event("R", "activity", "2026-11-30T17:00:00Z"),
                event("S", "activity", "2026-11-05T00:00:00Z"), event("T", "activity", "2026-10-02T00:00:00Z"),
            ], at: Self.at("2026-12-01T00:00:00Z"))
        let zone = try #require(TimeZone(identifier: "Asia/Ho_Chi_Minh"))
        let cohorts = try store.signupCohorts(
            from: Self.at("2026-09-30T17:00:00Z"), to: Self.at("2026-11-30T17:00:00Z"), zone: zone)
        #expect(
            cohorts == [
                SignupCohort(month: "2026-10", size: 3, activeByMonth: [0: 1, 1: 1, 2: 1]),
                SignupCohort(month: "2026-11", size: 1, activeByMonth: [0: 1]),
            ])
    }
}
