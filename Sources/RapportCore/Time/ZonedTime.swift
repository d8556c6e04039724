public import Foundation

/// Converts between instants and a zone's calendar days and clock times, with a fixed answer for
/// the two awkward cases of daylight-saving changes: a clock time that does not exist that day
/// (spring forward) maps to the first instant after the gap, and one that happens twice (fall
/// back) maps to its first occurrence. A once-a-day message is then sent exactly once.
public enum ZonedTime {
    /// The calendar day `instant` falls on in `zone`.
    public static func localDate(of instant: Date, in zone: TimeZone) -> LocalDate {
        LocalDate(daysSinceEpoch: localSeconds(of: instant, in: zone).floorDivided(by: 86_400))
    }

    /// Seconds since midnight on the zone's clock at `instant`.
    static func secondOfDay(of instant: Date, in zone: TimeZone) -> Int {
        let seconds = localSeconds(of: instant, in: zone)
        return seconds.floorModulo(86_400)
    }

    /// The zone's wall clock at `instant`, as seconds since 1970-01-01 00:00 on that clock.
    private static func localSeconds(of instant: Date, in zone: TimeZone) -> Int {
        Int((instant.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: instant))).rounded(.down))
    }

    /// The instant `date` at `time` in `zone`.
    public static func instant(of date: LocalDate, at time: LocalTime, in zone: TimeZone) -> Date {
        let naive = Double(date.daysSinceEpoch * 86_400 + time.secondsIntoDay)
        let offsetBefore = Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: naive - 86_400)))
        let offsetAfter = Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: naive + 86_400)))
        let candidates = Set([naive - offsetBefore, naive - offsetAfter]).sorted().map(
            Date.init(timeIntervalSince1970:))
        if let valid = candidates.first(where: {
            Double(zone.secondsFromGMT(for: $0)) == naive - $0.timeIntervalSince1970
        }) {
            return valid
        }
        // In a gap: the wall clock jumps past `time`; the transition is the first instant after it.
        let beforeGap = candidates[0].addingTimeInterval(-86_400)
        return zone.nextDaylightSavingTimeTransition(after: beforeGap) ?? candidates[0]
    }
}

extension LocalDate {
    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)!
    }

    /// The day `count` days later (or earlier, when negative).
    public func adding(days count: Int) -> LocalDate { LocalDate(daysSinceEpoch: daysSinceEpoch + count) }
}
