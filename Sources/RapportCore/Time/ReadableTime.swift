public import Foundation

/// The one way an instant is written for a person: in the business's zone, to the minute, with
/// the offset so the reader never guesses — `2026-06-14 09:00 +07:00`. JSON output gets the
/// same instant as ISO 8601 with that offset (`iso`), for tools.
///
/// The ledger and the reasons it keeps write instants in UTC (`…Z`); `text` shows those in this
/// zone. An instant a reason wrote with another offset is a customer's own local moment (the
/// opening of their send window) and keeps it, unless the reader asked for UTC.
public struct ReadableTime: Sendable {
    public var zone: TimeZone
    /// Every instant in `zone`, a customer's own local moments included (`--utc`).
    public var everythingInZone: Bool

    public init(zone: TimeZone, everythingInZone: Bool = false) {
        self.zone = zone
        self.everythingInZone = everythingInZone
    }

    /// For `--utc`: every instant as UTC, written `+00:00`.
    public static let utc = ReadableTime(zone: TimeZone(identifier: "UTC")!, everythingInZone: true)

    /// `2026-06-14 09:00 +07:00`.
    public func format(_ instant: Date) -> String {
        Self.format(instant, in: zone)
    }

    /// `2026-06-14T09:00:00+07:00`, for JSON.
    public func iso(_ instant: Date) -> String {
        Timestamp.format(instant, in: zone)
    }

    /// `text` with every ISO 8601 instant in it written as `format` writes it.
    public func text(_ text: String) -> String {
        text.replacing(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/) { match in
            let written = String(match.output)
            guard let instant = Timestamp.parse(written) else { return written }
            if everythingInZone || written.hasSuffix("Z") { return format(instant) }
            return Self.format(instant, in: Self.offsetZone(of: written) ?? zone)
        }
    }

    private static func format(_ instant: Date, in zone: TimeZone) -> String {
        let offset = zone.secondsFromGMT(for: instant)
        let minutes = ZonedTime.secondOfDay(of: instant, in: zone) / 60
        let sign = offset < 0 ? "-" : "+"
        return "\(ZonedTime.localDate(of: instant, in: zone)) \(twoDigits(minutes / 60)):\(twoDigits(minutes % 60)) "
            + "\(sign)\(twoDigits(abs(offset) / 3600)):\(twoDigits(abs(offset) % 3600 / 60))"
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }

    /// The fixed-offset zone of an instant written `…+07:00`.
    private static func offsetZone(of written: String) -> TimeZone? {
        let suffix = written.suffix(6)
        guard let sign = suffix.first, sign == "+" || sign == "-",
            let hours = Int(suffix.dropFirst().prefix(2)), let minutes = Int(suffix.suffix(2))
        else { return nil }
        return TimeZone(secondsFromGMT: (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60))
    }
}
