import Foundation
import RapportCore
import Testing

@Suite struct RenewalTriggerTests {
    let saigon = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
    let trigger = RenewalTrigger(before: [30, 7, 1], after: [3, 14], at: LocalTime("09:00")!)

    /// Ticks hourly from `start` to `end`, keeping a ledger of sent occurrences the way the store
    /// does, and applies `changes` (renewal date moves) when their time comes.
    func simulate(
        _ trigger: RenewalTrigger, renewal: String, recordedAt: String, from start: String, to end: String,
        changes: [(at: String, renewal: String)] = [], zone: String = "Asia/Ho_Chi_Minh"
    ) -> [(String, String)] {
        var customer = Customer(
            id: "C1", email: "a@example.vn", timeZone: zone, renewalDate: LocalDate(renewal))
        customer.renewalRecordedAt = Timestamp.parse(recordedAt)
        var sent: [(String, String)] = []
        var pending = changes
        var tick = Timestamp.parse(start)!
        while tick <= Timestamp.parse(end)! {
            if let change = pending.first, Timestamp.parse(change.at)! <= tick {
                customer.renewalDate = LocalDate(change.renewal)
                customer.renewalRecordedAt = Timestamp.parse(change.at)
                pending.removeFirst()
            }
            if let key = trigger.occurrence(
                for: customer, at: tick, defaultZone: saigon),
                !sent.contains(where: { $0.1 == key.rawValue })
            {
                sent.append((Timestamp.format(tick), key.rawValue))
            }
            tick.addTimeInterval(3600)
        }
        return sent
    }

    @Test func remindersBeforeAndAfterAtTheLocalHour() {
        let sent = simulate(
            trigger, renewal: "2027-05-21", recordedAt: "2027-01-01T00:00:00Z", from: "2027-04-01T00:00:00Z",
            to: "2027-06-30T00:00:00Z")
        #expect(
            sent.map(\.0) == [
                "2027-04-21T02:00:00Z", "2027-05-14T02:00:00Z", "2027-05-20T02:00:00Z", "2027-05-24T02:00:00Z",
                "2027-06-04T02:00:00Z",
            ])
        #expect(
            sent.map(\.1) == [
                "2027-05-21:-30d", "2027-05-21:-7d", "2027-05-21:-1d", "2027-05-21:+3d", "2027-05-21:+14d",
            ])
    }

    @Test func movingTheRenewalDateTwiceRearmsForTheNewDateOnly() {
        let sent = simulate(
            trigger, renewal: "2027-05-21", recordedAt: "2027-01-01T00:00:00Z", from: "2027-05-01T00:00:00Z",
            to: "2027-07-31T00:00:00Z",
            changes: [
                // Renewed a year ahead the day after: no lapsed follow-ups for the old date.
                ("2027-05-22T03:00:00Z", "2028-05-21"),
                // Then the plan changed and now expires at the end of June.
                ("2027-05-25T03:00:00Z", "2027-06-30"),
            ])
        #expect(
            sent.map(\.1) == [
                "2027-05-21:-7d", "2027-05-21:-1d", "2027-06-30:-30d", "2027-06-30:-7d", "2027-06-30:-1d",
                "2027-06-30:+3d", "2027-06-30:+14d",
            ])
    }

    @Test func aReminderAlreadyPastWhenTheDateArrivedIsNotSentLate() {
        let late = simulate(
            trigger, renewal: "2027-05-21", recordedAt: "2027-05-14T05:00:00Z", from: "2027-05-14T05:00:00Z",
            to: "2027-05-21T00:00:00Z")
        #expect(late.map(\.1) == ["2027-05-21:-1d"])

        var catchingUp = trigger
        catchingUp.catchUp = true
        let caught = simulate(
            catchingUp, renewal: "2027-05-21", recordedAt: "2027-05-14T05:00:00Z", from: "2027-05-14T05:00:00Z",
            to: "2027-05-21T00:00:00Z")
        #expect(caught.map(\.0) == ["2027-05-14T05:00:00Z", "2027-05-20T02:00:00Z"])
        #expect(caught.map(\.1) == ["2027-05-21:-7d", "2027-05-21:-1d"])
    }

    @Test func springForwardDayInNewYorkSendsOnce() {
        let trigger = RenewalTrigger(before: [1], at: LocalTime("02:30")!)
        let sent = simulate(
            trigger, renewal: "2026-03-09", recordedAt: "2026-01-01T00:00:00Z", from: "2026-03-07T00:00:00Z",
            to: "2026-03-10T00:00:00Z", zone: "America/New_York")
        #expect(sent.map(\.0) == ["2026-03-08T07:00:00Z"])
    }

    @Test func candidateDatesCoverTheReminderDays() {
        let now = Timestamp.parse("2027-05-20T02:00:00Z")!
        let dates = trigger.candidateRenewalDates(from: now, to: now)
        #expect(dates.contains(LocalDate("2027-05-21")!))
        #expect(dates.contains(LocalDate("2027-06-19")!))
        #expect(dates.contains(LocalDate("2027-05-17")!))
        #expect(!dates.contains(LocalDate("2027-05-25")!))
    }

    /// Every reminder open at an hour, or open and closed again between two instants, has its
    /// renewal date among the candidates for the customer's own zone: checked against the
    /// reminders themselves over a year, across zones from -11 h to +14 h and their DST days.
    @Test(arguments: [
        "Asia/Ho_Chi_Minh", "America/New_York", "Europe/London", "Pacific/Kiritimati", "Pacific/Pago_Pago",
    ])
    func candidateDatesInTheCustomersZoneHoldEveryOpenReminder(zoneName: String) {
        let zone = TimeZone(identifier: zoneName)!
        for catchUp in [false, true] {
            var trigger = self.trigger
            trigger.catchUp = catchUp
            var instant = Timestamp.parse("2026-01-01T00:30:00Z")!
            while instant < Timestamp.parse("2027-01-01T00:00:00Z")! {
                let earlier = instant.addingTimeInterval(-2 * 86_400)
                let open = Set(trigger.candidateRenewalDates(from: instant, to: instant, in: zone))
                let spanned = Set(trigger.candidateRenewalDates(from: earlier, to: instant, in: zone))
                for offset in -60...40 {
                    let renewal = ZonedTime.localDate(of: instant, in: zone).adding(days: offset)
                    let customer = Customer(id: "C1", email: "a@example.vn", timeZone: zoneName, renewalDate: renewal)
                    let occurrences = trigger.occurrences(for: customer, defaultZone: saigon)
                    if occurrences.contains(where: { $0.isOpen(at: instant) }) {
                        #expect(
                            open.contains(renewal),
                            "\(renewal) open at \(Timestamp.format(instant)), catch-up \(catchUp)")
                    }
                    if occurrences.contains(where: { $0.wasMissed(after: earlier, before: instant) }) {
                        #expect(spanned.contains(renewal), "\(renewal) missed before \(Timestamp.format(instant))")
                    }
                }
                // 17 hours: every hour of the day comes round within the year.
                instant.addTimeInterval(17 * 3_600)
            }
        }
    }

    @Test func candidateDatesInAZoneAreFewerThanInAnyZone() {
        let now = Timestamp.parse("2027-05-20T02:00:00Z")!
        let anyZone = trigger.candidateRenewalDates(from: now, to: now)
        let saigonDates = trigger.candidateRenewalDates(from: now, to: now, in: saigon)
        #expect(saigonDates.count == 5)
        #expect(Set(saigonDates).isSubset(of: Set(anyZone)))
        #expect(saigonDates.contains(LocalDate("2027-05-21")!), "the day before, 09:00 local has passed")
    }
}
