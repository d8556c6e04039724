public import Foundation

/// A calendar day with no time or zone (a birthday, a renewal date), written `YYYY-MM-DD`.
///
/// Years run from 0000 to 9999 in the proleptic Gregorian calendar, as ISO 8601 writes them.
/// Year 0000 is there for customer exports, which write it for a birthday whose year is unknown
/// (`0000-05-17`; 0000 is a leap year, so `0000-02-29` exists too): the value is kept, and
/// `BirthdayTrigger.isPlaceholder` says no campaign should trust it.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (0...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= LocalDate.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; nil for anything else, including impossible days like 2025-02-29.
    public init?(_ text: some StringProtocol) {
        var text = String(text)
        guard let date = text.withUTF8(LocalDate.init(ascii:)) else { return nil }
        self = date
    }

    /// Reads `YYYY-MM-DD` digit by digit from the string's own bytes, without allocating and
    /// without generic code: the store parses two dates for each candidate customer on every tick.
    private init?(ascii bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "\(text) is not a YYYY-MM-DD date"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String { "\(year.padded(4))-\(month.padded(2))-\(day.padded(2))" }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The instant this day starts in `zone` (its first instant, where midnight is skipped).
    public func start(in zone: TimeZone) -> Date {
        ZonedTime.instant(of: self, at: LocalTime(hour: 0, minute: 0)!, in: zone)
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
