import Foundation
import RapportCore
import RapportTestSupport
import Testing

@Suite("RFC 5322 Date header")
struct RFC5322DateTests {
    @Test(
        "fixed instants in fixed zones",
        arguments: [
            (1_795_399_200, "Asia/Ho_Chi_Minh", "Mon, 23 Nov 2026 09:00:00 +0700"),
            (1_768_487_405, "America/New_York", "Thu, 15 Jan 2026 09:30:05 -0500"),
            (1_783_175_400, "America/New_York", "Sat, 04 Jul 2026 10:30:00 -0400"),
            (1_768_487_405, "America/St_Johns", "Thu, 15 Jan 2026 11:00:05 -0330"),
            (1_835_395_200, "Asia/Kolkata", "Tue, 29 Feb 2028 05:30:00 +0530"),
            (-1, "UTC", "Wed, 31 Dec 1969 23:59:59 +0000"),
        ]
    )
    func fixedInstants(seconds: Int, zone: String, expected: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))

        #expect(RFC5322Date(date, timeZone: timeZone).description == expected)
        let message = try DecodedMessage(MessageComposer.compose(.fixture(date: date, timeZone: timeZone)))
        #expect(try message.value("Date") == expected)
    }

    @Test("English names whatever the zone, matching a POSIX-locale formatter over many instants")
    func matchesPOSIXFormatter() throws {
        let seed = SplitMix64.seedForThisRun()
        var generator = SplitMix64(seed: seed)
        for zone in ["Asia/Ho_Chi_Minh", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "UTC"] {
            let timeZone = try #require(TimeZone(identifier: zone))
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = timeZone
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
            for _ in 0..<500 {
                let date = Date(
                    timeIntervalSince1970: TimeInterval(Int.random(in: 0...4_102_444_800, using: &generator)))
                let ours = RFC5322Date(date, timeZone: timeZone).description
                #expect(ours == formatter.string(from: date), "seed: \(seed), zone: \(zone), date: \(date)")
            }
        }
    }
}
