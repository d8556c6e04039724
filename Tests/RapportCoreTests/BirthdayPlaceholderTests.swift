import Foundation
import RapportCore
import Testing

/// Exports write "unknown" birthdays as a zero date, which is never wished; and a birthday whose
/// year is unknown as year 0000, which is wished on its day.
@Suite struct BirthdayPlaceholderTests {
    let saigon = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

    /// Issue 13: the README invites `0000-MM-DD` when the year is unknown; the day is known, so
    /// it is wished then, as a birthday with its year would be (Feb 29 on Feb 28 in other years).
    @Test(arguments: [
        ("0000-05-17", "2027-05-17T12:00:00Z", "2027"),
        ("0000-01-01", "2027-01-01T12:00:00Z", "2027"),
        ("0000-12-31", "2027-12-31T12:00:00Z", "2027"),
        ("0000-02-29", "2028-02-29T12:00:00Z", "2028"),
        ("0000-02-29", "2027-02-28T12:00:00Z", "2027"),
    ])
    func yearUnknownIsWishedOnItsDay(birthday: String, now: String, occurrence: String) throws {
        let date = try #require(LocalDate(birthday))
        #expect(!BirthdayTrigger.isPlaceholder(date))
        let trigger = BirthdayTrigger(at: LocalTime("00:00")!)
        let customer = Customer(id: "C1", email: "a@example.com", timeZone: "UTC", birthday: date)
        #expect(
            trigger.occurrence(for: customer, at: Timestamp.parse(now)!, defaultZone: saigon)?.rawValue == occurrence)
        let dayBefore = Timestamp.parse(now)!.addingTimeInterval(-86_400)
        #expect(trigger.occurrence(for: customer, at: dayBefore, defaultZone: saigon) == nil)
    }

    /// Each placeholder, at noon UTC on its own month-day, where a real birthday would be due.
    @Test(arguments: [
        ("0001-01-01", "2027-01-01T12:00:00Z"),
        ("1900-01-01", "2027-01-01T12:00:00Z"),
        ("1970-01-01", "2027-01-01T12:00:00Z"),
    ])
    func placeholderIsNeverDue(birthday: String, now: String) throws {
        let date = try #require(LocalDate(birthday))
        #expect(BirthdayTrigger.isPlaceholder(date))
        let trigger = BirthdayTrigger(at: LocalTime("00:00")!)
        let customer = Customer(id: "C1", email: "a@example.com", timeZone: "UTC", birthday: date)
        #expect(trigger.occurrence(for: customer, at: Timestamp.parse(now)!, defaultZone: saigon) == nil)
        // The same month-day with a real year is due then: the placeholder is what stops it.
        let real = try #require(LocalDate(year: 1988, month: date.month, day: date.day))
        let realCustomer = Customer(id: "C2", email: "b@example.com", timeZone: "UTC", birthday: real)
        #expect(trigger.occurrence(for: realCustomer, at: Timestamp.parse(now)!, defaultZone: saigon) != nil)
    }

    @Test(arguments: ["0001-01-02", "1900-01-02", "1970-05-17", "1969-12-31", "2000-01-01"])
    func nearMissesAreRealBirthdays(birthday: String) {
        #expect(!BirthdayTrigger.isPlaceholder(LocalDate(birthday)!))
    }

    /// Year 0000 is a leap year in the proleptic Gregorian calendar, as in ISO 8601.
    @Test func yearZeroKeepsItsMonthDay() {
        #expect(LocalDate("0000-05-17")?.description == "0000-05-17")
        #expect(LocalDate("0000-02-29")?.monthDay == "02-29")
        #expect(LocalDate("0000-02-30") == nil)
        #expect(LocalDate("0000-13-01") == nil)
        #expect(LocalDate("0000-00-10") == nil)
    }
}
