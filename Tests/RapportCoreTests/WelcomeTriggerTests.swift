import Foundation
import RapportCore
import Testing

@Suite struct WelcomeTriggerTests {
    let saigon = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
    let trigger = WelcomeTrigger(delay: TimeSpan("1h")!, since: LocalDate("2026-01-01")!)

    func customer(signedUp: String?) -> Customer {
        Customer(id: "C1", email: "a@example.com", signedUpAt: signedUp.flatMap(Timestamp.parse))
    }

    @Test(arguments: [
        // signed up, now, due?
        ("2026-11-20T09:00:00+07:00", "2026-11-20T09:59:59+07:00", false),
        ("2026-11-20T09:00:00+07:00", "2026-11-20T10:00:00+07:00", true),
        // `since` is a day in the default zone: 00:00 on Jan 1 in Saigon is 17:00 UTC on Dec 31.
        ("2025-12-31T17:00:00Z", "2026-02-01T00:00:00Z", true),
        ("2025-12-31T16:59:59Z", "2026-02-01T00:00:00Z", false),
    ])
    func dueOnceDelayHasPassedAndSignupIsOnOrAfterSince(signedUp: String, now: String, due: Bool) {
        let occurrence = trigger.occurrence(
            for: customer(signedUp: signedUp), at: Timestamp.parse(now)!, defaultZone: saigon)
        #expect((occurrence != nil) == due)
    }

    @Test func customerWithoutSignupTimeIsNeverDue() {
        #expect(
            trigger.occurrence(
                for: customer(signedUp: nil), at: Timestamp.parse("2027-01-01T00:00:00Z")!, defaultZone: saigon)
                == nil)
    }
}

@Suite struct WelcomeDripTests {
    let saigon = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
    let drip = WelcomeTrigger(
        steps: [.init(delay: TimeSpan("7d")!), .init(delay: TimeSpan("1h")!), .init(delay: TimeSpan("3d")!)],
        since: LocalDate("2026-01-01")!, exitEvents: ["purchase"])
    let customer = Customer(
        id: "C1", email: "a@example.com", signedUpAt: Timestamp.parse("2026-11-20T09:00:00+07:00"))

    @Test(arguments: [
        // now, the step open then
        ("2026-11-20T09:59:59+07:00", nil),
        ("2026-11-20T10:00:00+07:00", "signup"),
        ("2026-11-23T08:59:59+07:00", "signup"),
        ("2026-11-23T09:00:00+07:00", "signup+3d"),
        ("2026-11-27T09:00:00+07:00", "signup+1w"),
        ("2027-11-27T09:00:00+07:00", "signup+1w"),
    ])
    func eachStepIsOpenFromItsDelayUntilTheNextStepIsDue(now: String, step: String?) {
        #expect(drip.occurrence(for: customer, at: Timestamp.parse(now)!, defaultZone: saigon)?.rawValue == step)
    }

    @Test func aPauseLongerThanTheShortestGapBetweenStepsCanMissOne() {
        #expect(drip.shortestSpan == TimeSpan("3d")!.timeInterval - 3_600)
        #expect(WelcomeTrigger(delay: TimeSpan("1h")!, since: LocalDate("2026-01-01")!).shortestSpan == .infinity)
        let occurrences = drip.occurrences(for: customer, defaultZone: saigon)
        let missed = occurrences.filter {
            $0.wasMissed(
                after: Timestamp.parse("2026-11-20T09:30:00+07:00")!, before: Timestamp.parse("2026-11-28T00:00:00Z")!)
        }
        #expect(missed.map(\.key.rawValue) == ["signup", "signup+3d"])
    }
}
