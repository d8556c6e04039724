import Foundation
import RapportCore
import Testing

@Suite struct ReadableTimeTests {
    static let instant = Timestamp.parse("2026-06-14T02:00:00Z")!

    @Test(arguments: [
        ("Asia/Ho_Chi_Minh", "2026-06-14 09:00 +07:00", "2026-06-14T09:00:00+07:00"),
        ("America/New_York", "2026-06-13 22:00 -04:00", "2026-06-13T22:00:00-04:00"),
        ("Asia/Kolkata", "2026-06-14 07:30 +05:30", "2026-06-14T07:30:00+05:30"),
        ("UTC", "2026-06-14 02:00 +00:00", "2026-06-14T02:00:00Z"),
    ])
    func anInstantIsWrittenInTheZoneWithItsOffset(zone: String, person: String, json: String) {
        let times = ReadableTime(zone: TimeZone(identifier: zone)!)
        #expect(times.format(Self.instant) == person)
        #expect(times.iso(Self.instant) == json)
    }

    @Test func aDaylightSavingDayShowsEachSideWithItsOwnOffset() {
        let times = ReadableTime(zone: TimeZone(identifier: "America/New_York")!)
        #expect(times.format(Timestamp.parse("2026-03-08T06:59:00Z")!) == "2026-03-08 01:59 -05:00")
        #expect(times.format(Timestamp.parse("2026-03-08T07:00:00Z")!) == "2026-03-08 03:00 -04:00")
    }

    @Test func reasonsShowUTCInstantsInTheZoneAndKeepACustomersOwnOffset() {
        let reason =
            "frequency cap 2 per 1w reached; room again at 2027-02-09T01:00:00Z; window opens 2026-06-14T08:00:00+09:00"
        let saigon = ReadableTime(zone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!)
        #expect(
            saigon.text(reason)
                == "frequency cap 2 per 1w reached; room again at 2027-02-09 08:00 +07:00; window opens 2026-06-14 08:00 +09:00"
        )
        #expect(
            ReadableTime.utc.text(reason)
                == "frequency cap 2 per 1w reached; room again at 2027-02-09 01:00 +00:00; window opens 2026-06-13 23:00 +00:00"
        )
        #expect(saigon.text("Chào Lan, no time here") == "Chào Lan, no time here")
    }
}
