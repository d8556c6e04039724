import Foundation
import RapportCore
import Testing

@Suite struct BirthdayTriggerTests {
    let saigon = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

    func customer(birthday: String, zone: String?) -> Customer {
        Customer(id: "C1", email: "a@example.com", timeZone: zone, birthday: LocalDate(birthday))
    }

    /// Ticks every 10 minutes over four days around the birthday: the first tick that fires is
    /// the expected instant, every firing names the same year, and none falls outside that local
    /// day, so the ledger's unique key lets exactly one message out.
    @Test(arguments: [
        ("Asia/Ho_Chi_Minh", "1994-11-23", "09:00", "2026-11-23T02:00:00Z", "2026"),
        ("Pacific/Kiritimati", "1990-11-23", "09:00", "2026-11-22T19:00:00Z", "2026"),
        ("UTC", "1990-11-23", "09:00", "2026-11-23T09:00:00Z", "2026"),
        ("America/New_York", "1985-03-08", "02:30", "2026-03-08T07:00:00Z", "2026"),
        ("America/New_York", "1985-11-01", "01:30", "2026-11-01T05:30:00Z", "2026"),
        ("Europe/London", "1985-03-29", "01:30", "2026-03-29T01:00:00Z", "2026"),
        ("Europe/London", "1985-10-25", "01:30", "2026-10-25T00:30:00Z", "2026"),
        ("Australia/Lord_Howe", "1970-04-05", "01:40", "2026-04-04T14:40:00Z", "2026"),
        ("Australia/Lord_Howe", "1970-10-04", "02:10", "2026-10-03T15:30:00Z", "2026"),
        // Feb 29 birthdays: Feb 28 in a common year, Feb 29 in a leap year.
        ("Asia/Ho_Chi_Minh", "1988-02-29", "09:00", "2027-02-28T02:00:00Z", "2027"),
        ("Asia/Ho_Chi_Minh", "1988-02-29", "09:00", "2028-02-29T02:00:00Z", "2028"),
        // New Year's Eve in a zone ahead of UTC: the occurrence is the local year.
        ("Pacific/Kiritimati", "1990-01-01", "00:00", "2026-12-31T10:00:00Z", "2027"),
    ])
    func firesOnceFromTheLocalSendTime(zone: String, birthday: String, at: String, first: String, year: String) {
        let trigger = BirthdayTrigger(at: LocalTime(at)!)
        let customer = customer(birthday: birthday, zone: zone)
        let expected = Timestamp.parse(first)!
        var firings: [(Date, OccurrenceKey)] = []
        var tick = expected.addingTimeInterval(-2 * 86_400)
        while tick < expected.addingTimeInterval(2 * 86_400) {
            if let key = trigger.occurrence(for: customer, at: tick, defaultZone: saigon) {
                firings.append((tick, key))
            }
            tick.addTimeInterval(600)
        }
        #expect(firings.first?.0 == expected)
        #expect(Set(firings.map(\.1)) == [OccurrenceKey(rawValue: year)])
        let day = ZonedTime.localDate(of: expected, in: TimeZone(identifier: zone)!)
        #expect(firings.allSatisfy { ZonedTime.localDate(of: $0.0, in: TimeZone(identifier: zone)!) == day })
    }

    @Test func leapDayBirthdayCanMoveToMarchFirst() {
        let trigger = BirthdayTrigger(at: LocalTime("09:00")!, feb29: .mar1)
        let customer = customer(birthday: "1988-02-29", zone: "UTC")
        #expect(
            trigger.occurrence(for: customer, at: Timestamp.parse("2027-02-28T12:00:00Z")!, defaultZone: saigon) == nil)
        #expect(
            trigger.occurrence(for: customer, at: Timestamp.parse("2027-03-01T12:00:00Z")!, defaultZone: saigon)
                == OccurrenceKey(rawValue: "2027"))
        let now = Timestamp.parse("2027-03-01T12:00:00Z")!
        #expect(trigger.candidateMonthDays(from: now, to: now).contains("02-29"))
    }

    @Test func customerWithoutZoneUsesTheDefault() {
        let trigger = BirthdayTrigger(at: LocalTime("09:00")!)
        let customer = customer(birthday: "1994-11-23", zone: nil)
        #expect(
            trigger.occurrence(for: customer, at: Timestamp.parse("2026-11-23T01:59:00Z")!, defaultZone: saigon) == nil)
        #expect(
            trigger.occurrence(for: customer, at: Timestamp.parse("2026-11-23T02:00:00Z")!, defaultZone: saigon) != nil)
    }

    @Test(arguments: ["1900-01-01", "1970-01-01", "0001-01-01"])
    func placeholderBirthdaysAreIgnored(birthday: String) {
        let trigger = BirthdayTrigger(at: LocalTime("00:00")!)
        #expect(
            trigger.occurrence(
                for: customer(birthday: birthday, zone: "UTC"), at: Timestamp.parse("2027-01-01T12:00:00Z")!,
                defaultZone: saigon) == nil)
    }

    @Test func candidateDaysCoverEveryZone() {
        let now = Timestamp.parse("2027-02-28T12:00:00Z")!
        let days = BirthdayTrigger(at: LocalTime("09:00")!).candidateMonthDays(from: now, to: now)
        #expect(days == ["02-27", "02-28", "02-29", "03-01"])
    }
}
