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

    /// Values exports use for "unknown": never a real birthday.
    public static func isPlaceholder(_ birthday: LocalDate) -> Bool {
        (birthday.month == 1 && birthday.day == 1 && [1, 1900, 1970].contains(birthday.year))
    }

    /// The day the birthday falls on in `year`.
    public func celebration(of birthday: LocalDate, in year: Int) -> LocalDate {
        if let date = LocalDate(year: year, month: birthday.month, day: birthday.day) { return date }
        // Only Feb 29 is missing from some years.
        return feb29 == .feb28 ? LocalDate(year: year, month: 2, day: 28)! : LocalDate(year: year, month: 3, day: 1)!
    }

    /// Due from the send hour until the end of that local day; the occurrence is the year, so a
    /// customer is wished at most once a year whatever the ticks and clock changes do.
    public func occurrence(for customer: Customer, at now: Date, defaultZone: TimeZone) -> OccurrenceKey? {
        guard let birthday = customer.birthday, !Self.isPlaceholder(birthday) else { return nil }
        let zone = customer.timeZone.flatMap(TimeZone.init(identifier:)) ?? defaultZone
        let today = ZonedTime.localDate(of: now, in: zone)
        let day = celebration(of: birthday, in: today.year)
        guard day == today, now >= ZonedTime.instant(of: day, at: at, in: zone) else { return nil }
        return OccurrenceKey(rawValue: String(today.year))
    }

    /// Month-day texts (`MM-DD`) of the birthdays that can be due at `now` in some zone: the
    /// UTC day and its neighbours (zones run from -12 h to +14 h), plus `02-29` on the day
    /// leap-day birthdays are moved to. The store narrows candidates with these.
    public func candidateMonthDays(at now: Date) -> [String] {
        let utcToday = ZonedTime.localDate(of: now, in: TimeZone(identifier: "UTC")!)
        var days: Set<String> = []
        for offset in -1...1 {
            let date = utcToday.adding(days: offset)
            days.insert(date.monthDay)
            if celebration(of: LocalDate(year: 2000, month: 2, day: 29)!, in: date.year) == date
                && LocalDate(year: date.year, month: 2, day: 29) == nil
            {
                days.insert("02-29")
            }
        }
        return days.sorted()
    }
}

extension LocalDate {
    /// `MM-DD`, as the store indexes birthdays.
    public var monthDay: String { String(description.dropFirst(5)) }
}
