import Foundation
import RapportCore
import Testing

/// The report formulas against figures worked out by hand in the comments, so a change to a formula
/// shows up as a different number, not as a chart that quietly looks a little off.
@Suite("Report formulas")
struct ReportFormulaTests {
    // MARK: Net Promoter Score

    @Test("NPS of ten answers: 5 promoters, 2 passives, 3 detractors is 50% - 30% = 20")
    func npsOfTenAnswers() throws {
        // 10 10 9 9 9 → promoters 5; 8 7 → passives 2; 6 3 0 → detractors 3.
        let nps = try NetPromoterScore(scores: [10, 8, 9, 6, 10, 3, 9, 7, 0, 9])
        #expect(nps.promoters == 5)
        #expect(nps.passives == 2)
        #expect(nps.detractors == 3)
        #expect(nps.responses == 10)
        #expect(nps.score == 20)
    }

    @Test(
        "NPS = %promoters - %detractors",
        arguments: [
            ([10, 10, 9], 100.0),  // all promoters
            ([0, 6, 3], -100.0),  // all detractors
            ([7, 8], 0.0),  // passives count in the total only
            ([9, 7, 6], 0.0),  // (1 - 1) / 3
            ([10, 9, 9, 9, 9, 8, 2, 1], 37.5),  // (5 - 2) / 8 = 0.375
            ([9, 0, 0, 0, 8], -40.0),  // (1 - 3) / 5
        ])
    func npsTable(scores: [Int], expected: Double) throws {
        #expect(try NetPromoterScore(scores: scores).score == expected)
    }

    @Test(
        "the bands' edges: 0-6 detractor, 7-8 passive, 9-10 promoter",
        arguments: [
            (0, NetPromoterScore.Category.detractor), (6, .detractor), (7, .passive), (8, .passive),
            (9, .promoter), (10, .promoter),
        ])
    func npsBands(score: Int, category: NetPromoterScore.Category) {
        #expect(NetPromoterScore.Category(score: score) == category)
    }

    @Test("no answers is no score, not 0")
    func npsWithoutAnswers() throws {
        let nps = try NetPromoterScore(scores: [])
        #expect(nps.responses == 0)
        #expect(nps.score == nil)
    }

    @Test("an answer outside 0...10 is rejected, naming its position", arguments: [-1, 11, 100])
    func npsRejectsOutOfRange(bad: Int) {
        let error = #expect(throws: NetPromoterScore.InvalidScore.self) {
            try NetPromoterScore(scores: [9, 10, bad, 3])
        }
        #expect(error?.score == bad)
        #expect(error?.index == 2)
        #expect(NetPromoterScore.Category(score: bad) == nil)
    }

    // MARK: Retention and churn

    @Test(
        "retention = (end - new) / start, churn = 1 - retention",
        arguments: [
            // start, end, new, retention, churn
            (200, 230, 50, 0.9, 0.1),  // 180 of 200 kept
            (100, 100, 0, 1.0, 0.0),  // nobody lost, nobody new
            (80, 70, 30, 0.5, 0.5),  // 40 of 80 kept
            (50, 10, 10, 0.0, 1.0),  // all 50 lost, 10 new
        ])
    func retention(start: Int, end: Int, new: Int, retention: Double, churn: Double) throws {
        let rate = RetentionRate(customersAtStart: start, customersAtEnd: end, newCustomers: new)
        #expect(abs(try #require(rate.rate) - retention) < 1e-12)
        #expect(abs(try #require(rate.churnRate) - churn) < 1e-12)
    }

    @Test("a period that starts with no customers has no retention rate")
    func retentionWithoutStartingCustomers() {
        let rate = RetentionRate(customersAtStart: 0, customersAtEnd: 10, newCustomers: 10)
        #expect(rate.rate == nil)
        #expect(rate.churnRate == nil)
    }

    // MARK: Customer lifetime value

    @Test("CLV = average order value x purchases per customer per period x lifespan in periods")
    func lifetimeValue() throws {
        // One month: 6 orders totalling 40 + 60 + 50 + 90 + 10 + 50 = 300 from 4 customers.
        // Average order value 300 / 6 = 50; frequency 6 / 4 = 1.5 orders per customer per month.
        // Monthly churn 25% → lifespan 1 / 0.25 = 4 months. CLV = 50 × 1.5 × 4 = 300.
        let lifespan = try #require(CustomerLifetimeValue.lifespan(churnRate: 0.25))
        #expect(lifespan == 4)
        let clv = try #require(
            CustomerLifetimeValue(orderAmounts: [40, 60, 50, 90, 10, 50], customers: 4, averageLifespan: lifespan))
        #expect(clv.averageOrderValue == 50)
        #expect(clv.purchaseFrequency == 1.5)
        #expect(clv.averageLifespan == 4)
        #expect(clv.value == 300)
    }

    @Test("no orders or no customers is no CLV; no churn or a churn outside 0...1 is no lifespan")
    func lifetimeValueUnknowns() {
        #expect(CustomerLifetimeValue(orderAmounts: [], customers: 4, averageLifespan: 4) == nil)
        #expect(CustomerLifetimeValue(orderAmounts: [10], customers: 0, averageLifespan: 4) == nil)
        #expect(CustomerLifetimeValue.lifespan(churnRate: 0) == nil)
        #expect(CustomerLifetimeValue.lifespan(churnRate: 1.5) == nil)
        #expect(CustomerLifetimeValue.lifespan(churnRate: 1) == 1)
    }

    // MARK: RFM

    /// Ten customers with ties on every measure. Score = 5 − ⌊5 × (customers strictly better) / 10⌋,
    /// worked out by hand (customers better → score):
    ///
    /// Recency (days, fewer is better; better = fewer days; sorted 5 5 10 20 30 30 30 60 90 200):
    ///   5 → 0 → 5; 10 → 2 → 4; 20 → 3 → 4; 30 → 4 → 3; 60 → 7 → 2; 90 → 8 → 1; 200 → 9 → 1.
    /// Frequency (sorted 1 1 1 1 2 3 5 8 8 12):
    ///   12 → 0 → 5; 8 → 1 → 5; 5 → 3 → 4; 3 → 4 → 3; 2 → 5 → 3; 1 → 6 → 2.
    /// Monetary (sorted 15 40 40 40 80 120 300 500 650 900):
    ///   900 → 0 → 5; 650 → 1 → 5; 500 → 2 → 4; 300 → 3 → 4; 120 → 4 → 3; 80 → 5 → 3; 40 → 6 → 2; 15 → 9 → 1.
    static let population: [(RFMScore.Facts, RFMScore, RFMTier)] = [
        (.init(daysSinceLastPurchase: 5, purchases: 12, totalSpent: 900), score(5, 5, 5), .champions),
        (.init(daysSinceLastPurchase: 5, purchases: 1, totalSpent: 40), score(5, 2, 2), .potential),
        (.init(daysSinceLastPurchase: 10, purchases: 8, totalSpent: 500), score(4, 5, 4), .champions),
        (.init(daysSinceLastPurchase: 20, purchases: 8, totalSpent: 80), score(4, 5, 3), .loyal),
        (.init(daysSinceLastPurchase: 30, purchases: 5, totalSpent: 650), score(3, 4, 5), .loyal),
        (.init(daysSinceLastPurchase: 30, purchases: 3, totalSpent: 300), score(3, 3, 4), .loyal),
        (.init(daysSinceLastPurchase: 30, purchases: 1, totalSpent: 40), score(3, 2, 2), .hibernating),
        (.init(daysSinceLastPurchase: 60, purchases: 1, totalSpent: 15), score(2, 2, 1), .hibernating),
        (.init(daysSinceLastPurchase: 90, purchases: 2, totalSpent: 120), score(1, 3, 3), .atRisk),
        (.init(daysSinceLastPurchase: 200, purchases: 1, totalSpent: 40), score(1, 2, 2), .lost),
    ]

    static func score(_ recency: Int, _ frequency: Int, _ monetary: Int) -> RFMScore {
        RFMScore(recency: recency, frequency: frequency, monetary: monetary)
    }

    @Test("RFM quintiles of a small population with ties, and their tiers")
    func rfmQuintiles() {
        let scores = RFMScore.scores(for: Self.population.map(\.0))
        #expect(scores == Self.population.map(\.1))
        #expect(scores.map(\.tier) == Self.population.map(\.2))
    }

    @Test("RFM scores do not depend on the order of the population")
    func rfmOrderIndependent() {
        let reversed = RFMScore.scores(for: Self.population.map(\.0).reversed())
        #expect(reversed == Self.population.map(\.1).reversed())
    }

    @Test("a population where everyone is equal scores 5 (a tie shares the higher score); an empty one has none")
    func rfmDegeneratePopulations() {
        let same = RFMScore.Facts(daysSinceLastPurchase: 7, purchases: 2, totalSpent: 30)
        #expect(RFMScore.scores(for: [same, same, same]) == Array(repeating: Self.score(5, 5, 5), count: 3))
        #expect(RFMScore.scores(for: []).isEmpty)
    }

    /// Issue 16: when every customer bought once, the biggest spender, who bought most lately,
    /// was scored F1 by the tie and filed as lost; sharing the higher score keeps them on top.
    @Test("the most recent biggest spender among one-time buyers is a champion")
    func rfmTiedFrequencyKeepsTheBestOnTop() {
        let population = [9, 20, 40, 70, 120].enumerated().map { index, days in
            RFMScore.Facts(daysSinceLastPurchase: days, purchases: 1, totalSpent: index == 0 ? 5_000_000 : 200_000)
        }
        let scores = RFMScore.scores(for: population)
        #expect(scores[0] == Self.score(5, 5, 5))
        #expect(scores[0].tier == .champions)
        #expect(scores[4] == Self.score(1, 5, 4), "the tied spenders share the higher score: one better of five")
    }

    /// The "so in practice" column of the table in `RFMTier.rules`, checked on all 125 scores.
    @Test("every RFM score has the tier the documented table says")
    func rfmTierTable() {
        for recency in 1...5 {
            for frequency in 1...5 {
                for monetary in 1...5 {
                    let expected: RFMTier =
                        switch (recency, frequency, monetary) {
                        case (4...5, 4...5, 4...5): .champions
                        case (3...5, 3...5, _): .loyal
                        case (4...5, 1...2, _): .potential
                        case (1...2, 3...5, _): .atRisk
                        case (2...3, 1...2, _): .hibernating
                        case (1, 1...2, _): .lost
                        default: fatalError("score outside 1...5")
                        }
                    #expect(Self.score(recency, frequency, monetary).tier == expected)
                }
            }
        }
    }

    @Test("tier names are the ones campaign files use")
    func rfmTierNames() {
        #expect(
            RFMTier.allCases.map(\.rawValue) == ["champions", "loyal", "potential", "at_risk", "hibernating", "lost"])
    }

    @Test func cohortMonthsStartAtLocalMidnightAcrossDSTAndTheYearsEnd() throws {
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        // 2027-02-01T04:00Z is still January 31 in New York; March starts in EST, April in EDT.
        let months = SignupCohort.months(
            from: Timestamp.parse("2027-02-01T04:00:00Z")!, through: Timestamp.parse("2027-03-15T12:00:00Z")!,
            in: newYork)
        #expect(months.map(\.month) == ["2027-01", "2027-02", "2027-03", "2027-04"])
        #expect(
            months.map { Timestamp.format($0.start, in: TimeZone(identifier: "UTC")!) } == [
                "2027-01-01T05:00:00Z", "2027-02-01T05:00:00Z", "2027-03-01T05:00:00Z", "2027-04-01T04:00:00Z",
            ])
        let saigon = try #require(TimeZone(identifier: "Asia/Ho_Chi_Minh"))
        let turn = SignupCohort.months(
            from: Timestamp.parse("2026-12-20T00:00:00Z")!, through: Timestamp.parse("2026-12-31T17:00:00Z")!,
            in: saigon)
        #expect(turn.map(\.month) == ["2026-12", "2027-01", "2027-02"], "12-31 17:00Z is New Year's Day there")
    }
}

@Suite struct HoldoutTests {
    @Test func aStableShareOfCustomersIndependentPerCampaign() {
        let holdout = Holdout(share: 0.1)!
        let ids = (0..<20_000).map { "C\($0)" }
        let welcome = ids.filter { holdout.contains(customerID: $0, campaignID: "welcome") }
        let winback = Set(ids.filter { holdout.contains(customerID: $0, campaignID: "winback") })
        #expect(abs(Double(welcome.count) / 20_000 - 0.1) < 0.01, "\(welcome.count)")
        #expect(welcome == ids.filter { holdout.contains(customerID: $0, campaignID: "welcome") }, "deterministic")
        // Independent groups overlap by about 10% of 10%.
        let overlap = welcome.filter(winback.contains).count
        #expect(abs(Double(overlap) / 20_000 - 0.01) < 0.005, "\(overlap)")
        #expect(Holdout(share: 0) == nil && Holdout(share: 1) == nil)
    }

    @Test func liftIntervalByHand() {
        // 30/100 messaged converted, 20/100 held out: difference 0.1;
        // SE = √(0.3·0.7/100 + 0.2·0.8/100) = √0.0037 ≈ 0.060828; margin 1.96 · SE ≈ 0.119223.
        let lift = ConversionLift(messaged: 100, messagedConverted: 30, heldOut: 100, heldOutConverted: 20)
        #expect(abs(lift.difference! - 0.1) < 1e-12)
        let interval = lift.confidenceInterval95!
        #expect(abs(interval.lowerBound - (0.1 - 0.119223)) < 1e-5)
        #expect(abs(interval.upperBound - (0.1 + 0.119223)) < 1e-5)
        #expect(ConversionLift(messaged: 5, messagedConverted: 1, heldOut: 0, heldOutConverted: 0).difference == nil)
    }
}
