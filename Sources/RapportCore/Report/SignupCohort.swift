public import Foundation

/// Customers who signed up in one month, and how many of them were active in each month after:
/// one row of the cohort retention table. Months are the business's, in its time zone: a signup
/// at 03:00 on 1 February in Ho Chi Minh City is February's, though it is still January in UTC.
public struct SignupCohort: Sendable, Equatable {
    /// `2026-09`.
    public var month: String
    public var size: Int
    /// Months since signup (0 = the signup month) → customers active in that month.
    public var activeByMonth: [Int: Int]

    public init(month: String, size: Int, activeByMonth: [Int: Int]) {
        self.month = month
        self.size = size
        self.activeByMonth = activeByMonth
    }

    /// The local months from the one holding `first` to the one holding `last`, each with the
    /// instant it starts in `zone`, then the start of the month after: the boundaries a store
    /// sorts instants into.
    public static func months(from first: Date, through last: Date, in zone: TimeZone) -> [(
        month: String, start: Date
    )] {
        let firstDay = ZonedTime.localDate(of: first, in: zone)
        let lastDay = ZonedTime.localDate(of: max(first, last), in: zone)
        var months: [(month: String, start: Date)] = []
        var (year, month) = (firstDay.year, firstDay.month)
        while true {
            let day = LocalDate(year: year, month: month, day: 1)!
            months.append((String(day.description.prefix(7)), day.start(in: zone)))
            // The month after `last` is in: its start closes `last`'s month.
            if (year, month) > (lastDay.year, lastDay.month) { return months }
            (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
        }
    }

    /// Share of the cohort active `offset` months after signing up.
    public func share(afterMonths offset: Int) -> Double? {
        size > 0 ? Double(activeByMonth[offset] ?? 0) / Double(size) : nil
    }
}

extension SignupCohort {
    /// Months since year 0 of the local month holding `date`, to count months between two.
    public static func monthIndex(of date: Date, in zone: TimeZone) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month], from: date)
        return (parts.year ?? 0) * 12 + (parts.month ?? 1) - 1
    }

    /// The same for a cohort's `YYYY-MM`; nil for another form.
    public static func monthIndex(of month: String) -> Int? {
        let parts = month.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let number = Int(parts[1]) else { return nil }
        return year * 12 + number - 1
    }
}
