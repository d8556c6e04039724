public import Foundation

/// How `{{#date}}…{{/date}}` and `{{#money}}…{{/money}}` write one message's values: in the
/// language of the variant the customer gets (its words and these must agree) and, for dates, the
/// customer's own time zone, where "the day of the order" is the day they placed it.
public struct ValueFormatting: Sendable {
    public var language: DisplayLanguage
    public var zone: TimeZone

    public init(language: DisplayLanguage, zone: TimeZone) {
        self.language = language
        self.zone = zone
    }

    /// English in UTC: for values rendered outside any customer's message (samples of a request
    /// body, tests).
    public static let plain = ValueFormatting(language: .en, zone: TimeZone(identifier: "UTC")!)

    /// The sections templates can wrap a value in; names no customer field can take.
    static let helperNames: Set<String> = ["date", "money"]

    /// A day (`2026-12-07`) or an instant (`2026-12-07T02:00:00Z`, read as the customer's day) in
    /// words; nil for anything else.
    func date(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let day = LocalDate(trimmed) { return language.date(day) }
        return Timestamp.parse(trimmed).map { language.date(ZonedTime.localDate(of: $0, in: zone)) }
    }

    /// An amount in đồng (`1250000`, `1250000.0`) written as the language writes money; nil for
    /// anything that is not a finite number.
    func money(_ text: String) -> String? {
        guard let amount = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)), amount.isFinite else {
            return nil
        }
        return language.dong(amount)
    }
}
