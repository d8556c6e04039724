import Foundation
import RapportCore
import Testing

@Suite struct SendWindowTests {
    let day = SendWindow(from: LocalTime("08:00")!, to: LocalTime("21:00")!)
    let night = SendWindow(from: LocalTime("20:00")!, to: LocalTime("02:00")!)

    @Test(arguments: [
        // zone, now, open?, next opening
        ("Asia/Ho_Chi_Minh", "2026-11-23T07:59:00+07:00", false, "2026-11-23T08:00:00+07:00"),
        ("Asia/Ho_Chi_Minh", "2026-11-23T08:00:00+07:00", true, "2026-11-23T08:00:00+07:00"),
        ("Asia/Ho_Chi_Minh", "2026-11-23T21:00:00+07:00", false, "2026-11-24T08:00:00+07:00"),
        ("Pacific/Kiritimati", "2026-11-23T19:30:00Z", true, "2026-11-23T19:30:00Z"),
        // Spring forward in New York: 08:00 EDT is 12:00Z.
        ("America/New_York", "2026-03-08T06:30:00Z", false, "2026-03-08T12:00:00Z"),
    ])
    func dayWindow(zone: String, now: String, open: Bool, next: String) {
        let zone = TimeZone(identifier: zone)!
        #expect(day.isOpen(at: Timestamp.parse(now)!, in: zone) == open)
        #expect(day.nextOpening(after: Timestamp.parse(now)!, in: zone) == Timestamp.parse(next))
    }

    @Test func windowAcrossMidnight() {
        let utc = TimeZone(identifier: "UTC")!
        #expect(night.isOpen(at: Timestamp.parse("2026-11-23T23:00:00Z")!, in: utc))
        #expect(night.isOpen(at: Timestamp.parse("2026-11-23T01:59:00Z")!, in: utc))
        #expect(!night.isOpen(at: Timestamp.parse("2026-11-23T02:00:00Z")!, in: utc))
        #expect(
            night.nextOpening(after: Timestamp.parse("2026-11-23T12:00:00Z")!, in: utc)
                == Timestamp.parse("2026-11-23T20:00:00Z"))
    }
}
