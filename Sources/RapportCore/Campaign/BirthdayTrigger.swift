public import Foundation

/// Wishes a customer happy birthday at a local hour in their own time zone, once a year.
public struct BirthdayTrigger: Sendable, Equatable {
    /// Where a Feb 29 birthday is celebrated in a year without one.
    public enum LeapDayRule: String, Sendable, CaseIterable {
        case feb28
        case mar1
    }

    public var at: LocalTime
    public var feb29: LeapDayRule

    public init(at: LocalTime, feb29: LeapDayRule = .feb28) {
        self.at = at
        self.feb29 = feb29
    }

    /// Values exports use for "unknown": never a real birthday. 0001-01-01, 1900-01-01 and
    /// 1970-01-01 are the zero values of common databases and date types; the trigger ignores
    /// them, and `rapport check --data` lists them. Year 0000 (`0000-05-17`) is not one: it says
    /// the year is unknown and the day is known, so that day is wished.
    public static func isPlaceholder(_ birthday: LocalDate) -> Bool {
        birthday.month == 1 && birthday.day == 1 && [1, 1900, 1970].contains(birthday.year)
    }

    /// Template fields a birthday message may use: `age`, the age reached that year, only when
    /// the birth year is known (missing for `0000-MM-DD`, so `{{#age}}…{{/age}}` guards it).
    public static let templateFields: Set<String> = ["age"]

    /// The template values an occurrence (its key is the year) adds for this birthday.
    public static func values(for occurrence: OccurrenceKey, birthday: LocalDate?) -> [String: String] {
        guard let birthday, birthday.year != 0, let year = Int(occurrence.rawValue), year > birthday.year else {
            return [:]
        }
        return ["age": String(year - birthday.year)]
    }

    /// The day the birthday falls on in `year`.
    public func celebration(of birthday: LocalDate, in year: Int) -> LocalDate {
        if let date = LocalDate(year: year, month: birthday.month, day: birthday.day) { return date }
        // Only Feb 29 is missing from some years.
        return feb29 == .feb28 ? LocalDate(year: year, month: 2, day: 28)! : LocalDate(year: year, month: 3, day: 1)!
    }

    /// The birthday in each of the customer's local `years`: due from the send hour until the end
    /// of that local day. The key is the year, so a customer is wished at most once a year
    /// whatever the ticks and clock changes do.
    public func occurrences(for customer: Customer, inYears years: ClosedRange<Int>, defaultZone: TimeZone)
        -> [Occurrence]
    {
        guard let birthday = customer.birthday, !Self.isPlaceholder(birthday) else { return [] }
        let zone = customer.zone(default: defaultZone)
        return years.map { year in
            let day = celebration(of: birthday, in: year)
            return Occurrence(
                key: OccurrenceKey(rawValue: String(year)), due: ZonedTime.instant(of: day, at: at, in: zone),
                closes: day.adding(days: 1).start(in: zone))
        }
    }

    /// The local years the instants from `start` to `end` fall in, for this customer.
    public func years(from start: Date, to end: Date, of customer: Customer, defaultZone: TimeZone) -> ClosedRange<Int>
    {
        let zone = customer.zone(default: defaultZone)
        return ZonedTime.localDate(of: start, in: zone).year...ZonedTime.localDate(of: max(start, end), in: zone).year
    }

    public func occurrence(for customer: Customer, at now: Date, defaultZone: TimeZone) -> OccurrenceKey? {
        occurrences(
            for: customer, inYears: years(from: now, to: now, of: customer, defaultZone: defaultZone),
            defaultZone: defaultZone
        ).open(at: now)?.key
    }

    /// No birthday is open for less than this (the send hour to midnight, less a daylight-saving
    /// hour), so a pause shorter than it cannot have missed one.
    public var shortestSpan: TimeInterval { max(0, Double(23 * 3_600 - at.secondsIntoDay)) }

    /// Month-day texts (`MM-DD`) of the birthdays that can be due between `start` and `end` in
    /// some zone: those UTC days and their neighbours (zones run from -12 h to +14 h), plus
    /// `02-29` on the day leap-day birthdays are moved to. The store narrows candidates with these.
    public func candidateMonthDays(from start: Date, to end: Date) -> [String] {
        let utc = TimeZone(identifier: "UTC")!
        let first = ZonedTime.localDate(of: start, in: utc).adding(days: -1)
        let last = ZonedTime.localDate(of: max(start, end), in: utc).adding(days: 1)
        var days: Set<String> = []
        var date = first
        while date <= last && days.count < 366 {
            days.insert(date.monthDay)
            if celebration(of: LocalDate(year: 2000, month: 2, day: 29)!, in: date.year) == date
                && LocalDate(year: date.year, month: 2, day: 29) == nil
            {
                days.insert("02-29")
            }
            date = date.adding(days: 1)
        }
        return days.sorted()
    }
}

extension LocalDate {
    /// `MM-DD`, as the store indexes birthdays.
    public var monthDay: String { String(description.dropFirst(5)) }
}
