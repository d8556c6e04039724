import Foundation

/// The dates Rapport accepts from the business's systems, for customers and events alike. A date
/// far outside them is a typo or a placeholder, and it would act for good: a visit dated 9999
/// holds `last_active_at` in the future, so no win-back ever fires again.
enum PlausibleDates {
    /// 1900-01-01T00:00:00Z: older is a placeholder, not history.
    static let earliest = Date(timeIntervalSince1970: -2_208_988_800)
    /// How far after `now` an instant may be: clocks of the business's systems drift, and an
    /// offset written wrong moves a time by up to 14 hours; a day covers both.
    static let futureAllowance: TimeInterval = 86_400
    /// How many years ahead a renewal date may be: long contracts exist, year 9999 does not.
    static let renewalYearsAhead = 100

    /// Instants accepted at `now` (an event's `at`, `signed_up_at`, `last_active_at`).
    static func instants(now: Date) -> ClosedRange<Date> {
        earliest...now.addingTimeInterval(futureAllowance)
    }

    /// Years a renewal date may fall in at `now`.
    static func renewalYears(now: Date) -> ClosedRange<Int> {
        1900...(year(of: now) + renewalYearsAhead)
    }

    /// Why the instant `text` (parsed as `date`) is refused at `now`, or nil.
    static func problem(instant date: Date, written text: String, now: Date) -> String? {
        guard !instants(now: now).contains(date) else { return nil }
        return
            "'\(text)' is before 1900 or more than a day after now (\(Timestamp.format(now))); give when it happened"
    }

    /// Why the renewal date is refused at `now`, or nil.
    static func problem(renewal date: LocalDate, now: Date) -> String? {
        let years = renewalYears(now: now)
        guard !years.contains(date.year) else { return nil }
        return "'\(date)' is outside \(years.lowerBound)–\(years.upperBound); give the real renewal date"
    }

    /// Why the birthday is refused at `now`, or nil: year 0000 (unknown) or 1900 to this year.
    static func problem(birthday date: LocalDate, now: Date) -> String? {
        let current = year(of: now)
        guard date.year != 0, !(1900...current).contains(date.year) else { return nil }
        return "'\(date)' is outside 1900–\(current); give the real birthday, or year 0000 when it is unknown"
    }

    private static func year(of date: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.component(.year, from: date)
    }
}
