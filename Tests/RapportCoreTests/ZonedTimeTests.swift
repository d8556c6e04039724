import Foundation
import RapportCore
import Testing

@Suite struct ZonedTimeTests {
    /// Expected instants computed independently with Python's zoneinfo (fold=0 for a repeated
    /// time; the transition instant for a time inside a spring-forward gap).
    @Test(arguments: [
        ("Asia/Ho_Chi_Minh", "2026-11-23", "09:00", "2026-11-23T02:00:00Z"),
        ("Pacific/Kiritimati", "2026-11-23", "09:00", "2026-11-22T19:00:00Z"),
        ("UTC", "2028-02-29", "00:00", "2028-02-29T00:00:00Z"),
        ("America/New_York", "2026-03-08", "09:00", "2026-03-08T13:00:00Z"),
        // Spring forward: 02:30 does not exist; the clock jumps from 02:00 to 03:00 at 07:00Z.
        ("America/New_York", "2026-03-08", "02:30", "2026-03-08T07:00:00Z"),
        // Fall back: 01:30 happens twice; the first is still on daylight time.
        ("America/New_York", "2026-11-01", "01:30", "2026-11-01T05:30:00Z"),
        ("Europe/London", "2026-03-29", "01:30", "2026-03-29T01:00:00Z"),
        ("Europe/London", "2026-10-25", "01:30", "2026-10-25T00:30:00Z"),
        // Lord Howe moves its clocks by 30 minutes.
        ("Australia/Lord_Howe", "2026-04-05", "01:45", "2026-04-04T14:45:00Z"),
        ("Australia/Lord_Howe", "2026-10-04", "02:15", "2026-10-03T15:30:00Z"),
    ])
    func localTimeToInstant(zone: String, date: String, time: String, expected: String) {
        let instant = ZonedTime.instant(
            of: LocalDate(date)!, at: LocalTime(time)!, in: TimeZone(identifier: zone)!)
        #expect(instant == Timestamp.parse(expected))
    }

    @Test(arguments: [
        ("Pacific/Kiritimati", "2026-11-22T10:00:00Z", "2026-11-23"),
        ("Pacific/Pago_Pago", "2026-11-23T10:00:00Z", "2026-11-22"),
        ("Asia/Ho_Chi_Minh", "2026-12-31T17:00:00Z", "2027-01-01"),
        ("UTC", "1969-12-31T23:59:59Z", "1969-12-31"),
    ])
    func instantToLocalDate(zone: String, instant: String, expected: String) {
        #expect(
            ZonedTime.localDate(of: Timestamp.parse(instant)!, in: TimeZone(identifier: zone)!) == LocalDate(expected))
    }

    @Test func dayArithmeticRoundTripsOverFourCenturies() {
        var date = LocalDate("1900-01-01")!
        for _ in 0..<(400 * 366) {
            let next = date.adding(days: 1)
            #expect(next > date)
            #expect(next.adding(days: -1) == date)
            date = next
        }
        #expect(date.description.hasPrefix("2300"))
    }
}
