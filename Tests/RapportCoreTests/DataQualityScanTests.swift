import Foundation
import RapportCore
import Testing

@Suite struct DataQualityScanTests {
    func campaign(_ id: String, _ trigger: Trigger, audience: Audience = Audience()) throws -> Campaign {
        let here = SourceLocation(file: "\(id).yml", line: 1, column: 1)
        return Campaign(
            id: id, category: .marketing, transport: "default", trigger: trigger, audience: audience,
            message: CampaignMessage(
                MessageContent(
                    subject: try Template("Chào {{first_name}}", kind: .text, location: here),
                    text: try Template("Chào", kind: .text, location: here))),
            sourceFile: "\(id).yml")
    }

    func customer(
        _ id: String, email: String? = nil, zone: String? = nil, birthday: String? = nil, renewal: String? = nil,
        active: Bool = false, signedUp: Bool = false, plan: String = "gold",
        subscription: SubscriptionStatus = .subscribed
    ) -> Customer {
        Customer(
            id: id, email: email ?? "\(id.lowercased())@example.vn", timeZone: zone,
            birthday: birthday.flatMap(LocalDate.init),
            signedUpAt: signedUp ? Date(timeIntervalSince1970: 1_700_000_000) : nil,
            lastActiveAt: active ? Date(timeIntervalSince1970: 1_700_000_000) : nil,
            renewalDate: renewal.flatMap(LocalDate.init), attributes: ["plan": .string(plan)],
            subscription: subscription)
    }

    func scan(_ campaigns: [Campaign], _ customers: [Customer], sampleLimit: Int = 10) -> DataQualityScan {
        var scan = DataQualityScan(campaigns: campaigns, sampleLimit: sampleLimit)
        for customer in customers { scan.inspect(customer) }
        return scan
    }

    @Test func placeholderBirthdaysAreCountedWithTheirValues() throws {
        let birthday = try campaign("birthday", .birthday(BirthdayTrigger(at: LocalTime("09:00")!)))
        let result = scan(
            [birthday],
            [
                customer("C1", birthday: "0000-05-17"), customer("C2", birthday: "1994-11-23"),
                customer("C3", birthday: "1900-01-01"), customer("C4", birthday: "1970-01-01"),
                customer("C5", birthday: "0001-01-01"), customer("C6", birthday: "0000-02-29"),
            ])
        #expect(result.customerCount == 6)
        // Year-unknown birthdays (C1, C6) are wished on their day: not placeholders.
        #expect(
            result.results == [
                DataFinding(
                    problem: .placeholderBirthday, count: 3,
                    samples: [
                        .init(customerID: "C3", value: "1900-01-01"), .init(customerID: "C4", value: "1970-01-01"),
                        .init(customerID: "C5", value: "0001-01-01"),
                    ],
                    campaignIDs: ["birthday"])
            ])
    }

    @Test func samplesStopAtTheLimitButTheCountGoesOn() {
        let customers = (1...25).map { customer("C\($0)", birthday: "1900-01-01") }
        let finding = scan([], customers, sampleLimit: 10).results.first
        #expect(finding?.count == 25)
        #expect(finding?.samples.map(\.customerID) == (1...10).map { "C\($0)" })
        #expect(finding?.campaignIDs == [])
    }

    /// Missing fields matter only when a campaign needs them, and only for customers it would reach.
    @Test func missingFieldsCountOnlyForCampaignsThatNeedThem() throws {
        let customers = [
            customer("C1"), customer("C2", plan: "bronze"), customer("C3", subscription: .unsubscribed),
            customer("C4", birthday: "1990-05-17", renewal: "2027-05-21", active: true, signedUp: true),
            customer("C5", signedUp: true),
        ]
        #expect(scan([], customers).results.isEmpty)
        let gold = Audience([AudienceCondition(attribute: "plan", test: .isIn(["gold"]))])
        let campaigns = [
            try campaign("birthday", .birthday(BirthdayTrigger(at: LocalTime("09:00")!)), audience: gold),
            try campaign("renewal", .renewal(RenewalTrigger(before: [7], at: LocalTime("09:00")!))),
            try campaign("winback", .inactivity(InactivityTrigger(after: [TimeSpan("30d")!]))),
            try campaign("winback-signup", .inactivity(InactivityTrigger(after: [TimeSpan("30d")!], fromSignup: true))),
        ]
        let findings = Dictionary(uniqueKeysWithValues: scan(campaigns, customers).results.map { ($0.problem, $0) })
        #expect(findings[.missingBirthday]?.samples.map(\.customerID) == ["C1", "C5"])
        #expect(findings[.missingBirthday]?.campaignIDs == ["birthday"])
        #expect(findings[.missingRenewalDate]?.samples.map(\.customerID) == ["C1", "C2", "C5"])
        #expect(findings[.missingActivity]?.samples.map(\.customerID) == ["C1", "C2", "C5"])
        #expect(findings[.missingActivity]?.campaignIDs == ["winback"])
        #expect(findings[.missingActivityAndSignup]?.samples.map(\.customerID) == ["C1", "C2"])
        #expect(findings[.missingActivityAndSignup]?.campaignIDs == ["winback-signup"])
    }

    @Test func unknownZonesAndUnusableEmailsConcernEveryCampaign() {
        let result = scan(
            [],
            [
                customer("C1", zone: "Asia/Ho_Chi_Minh"), customer("C2", zone: "Mars/Olympus"),
                customer("C3", email: "not an address"), customer("C4", zone: "Mars/Olympus"),
            ])
        #expect(
            result.results == [
                DataFinding(
                    problem: .unknownTimeZone, count: 2,
                    samples: [
                        .init(customerID: "C2", value: "Mars/Olympus"), .init(customerID: "C4", value: "Mars/Olympus"),
                    ]),
                DataFinding(
                    problem: .invalidEmail, count: 1, samples: [.init(customerID: "C3", value: "not an address")]),
            ])
    }
}
