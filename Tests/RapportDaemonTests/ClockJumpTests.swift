import Foundation
import RapportCore
import RapportDaemon
import RapportStore
import Testing

/// A birthday at 09:00 local in six zones, through whole ticks on a real store: overlapping
/// ticks and clocks jumping back or forward an hour send it exactly once; a jump over the whole
/// day records it expired instead of losing it.
@Suite struct ClockJumpTests {
    static let zones = [
        "Asia/Ho_Chi_Minh", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Kiritimati", "UTC",
    ]

    enum Jump: String, CaseIterable {
        /// Every 20 minutes, each tick run twice at the same instant.
        case overlappingTicks
        /// After the send hour the clock goes back an hour, and ticks go on.
        case backOneHour
        /// The clock jumps from 08:30 to 09:30.
        case forwardOneHour
        /// The clock jumps from 08:30 on the day before to 08:30 the day after.
        case forwardOneDay
    }

    @Test(arguments: zones, Jump.allCases)
    func birthdayIsSentOnceOrRecordedExpired(zoneID: String, jump: Jump) async throws {
        let fixture = try TickFixture(campaigns: [MissedOccurrenceTests.birthday])
        defer { fixture.cleanUp() }
        let zone = try #require(TimeZone(identifier: zoneID))
        var patch = CustomerPatch(id: "A")
        patch.email = "a@example.vn"
        patch.birthday = LocalDate("1990-03-08")
        patch.timeZone = zoneID
        _ = try fixture.store.upsert([patch], at: .distantPast)
        // Mar 8 2026 is New York's spring-forward day.
        let day = LocalDate("2026-03-08")!
        func local(_ date: LocalDate, _ time: String) -> Date {
            ZonedTime.instant(of: date, at: LocalTime(time)!, in: zone)
        }

        var ticks: [Date] = []
        switch jump {
        case .overlappingTicks:
            var time = local(day, "07:00")
            while time < local(day, "12:00") {
                ticks += [time, time]
                time.addTimeInterval(1_200)
            }
        case .backOneHour:
            ticks = [
                local(day, "08:40"), local(day, "09:10"), local(day, "08:10"), local(day, "08:40"), local(day, "09:10"),
                local(day, "10:10"),
            ]
        case .forwardOneHour:
            ticks = [local(day, "08:00"), local(day, "08:30"), local(day, "09:30"), local(day, "10:00")]
        case .forwardOneDay:
            ticks = [
                local(day.adding(days: -1), "08:00"), local(day.adding(days: -1), "08:30"),
                local(day.adding(days: 1), "08:30"),
            ]
        }
        for time in ticks { try await fixture.run(at: Timestamp.format(time)) }

        let ledger = try fixture.ledger("A")
        #expect(ledger.count == 1, "\(ledger)")
        if jump == .forwardOneDay {
            #expect(ledger.first?.status == .expired)
            #expect(fixture.transport.recipients.isEmpty)
        } else {
            #expect(ledger.first?.status == .sent)
            #expect(fixture.transport.recipients == ["a@example.vn"])
            #expect(ledger.first?.occurrence.rawValue == "2026")
        }
    }
}
