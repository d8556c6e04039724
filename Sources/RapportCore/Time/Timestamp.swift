public import Foundation

/// ISO 8601 instants as operators and exports write them: with an offset or `Z`, optional
/// fractional seconds. A time without an offset is refused: its instant would be a guess.
public enum Timestamp {
    public static func parse(_ text: String) -> Date? {
        let plain = Date.ISO8601FormatStyle()
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return (try? plain.parse(text)) ?? (try? fractional.parse(text))
    }

    /// `2026-11-20T02:30:00Z`, for logs and JSON output.
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    /// `2026-12-03T09:00:00+07:00`: the instant as clocks in `zone` show it, for operators
    /// reading what happens when in their own time.
    public static func format(_ date: Date, in zone: TimeZone) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeSeparator: .colon, timeZoneSeparator: .colon, timeZone: zone))
    }
}
