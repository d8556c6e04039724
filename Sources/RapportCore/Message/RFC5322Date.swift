public import Foundation

/// The Date header value (RFC 5322 §3.3), e.g. `Mon, 23 Nov 2026 09:00:00 +0700`.
///
/// Computed with integer calendar arithmetic rather than a `DateFormatter`, so day and month names
/// are the English ones the RFC requires whatever the process locale, and the output is the same on
/// every platform.
public struct RFC5322Date: Sendable, Hashable, CustomStringConvertible {
    public let description: String

    private static let dayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let monthNames = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// `date` as local time in `timeZone`, with that zone's offset at that instant (so DST applies).
    public init(_ date: Date, timeZone: TimeZone) {
        // Whole minutes only: the header cannot carry the seconds of historic local mean times.
        let offset = timeZone.secondsFromGMT(for: date) / 60 * 60
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let days = local.floorDivided(by: 86_400)
        let secondOfDay = local - days * 86_400
        let date = LocalDate(daysSinceEpoch: days)
        let (year, month, day) = (date.year, date.month, date.day)
        let weekday = (days + 4).floorModulo(7)  // 1970-01-01 was a Thursday.
        let sign = offset < 0 ? "-" : "+"
        let offsetMinutes = abs(offset) / 60
        description =
            "\(Self.dayNames[weekday]), \(day.padded(2)) \(Self.monthNames[month - 1]) \(year.padded(4)) "
            + "\((secondOfDay / 3600).padded(2)):\((secondOfDay / 60 % 60).padded(2)):\((secondOfDay % 60).padded(2)) "
            + "\(sign)\((offsetMinutes / 60).padded(2))\((offsetMinutes % 60).padded(2))"
    }
}
