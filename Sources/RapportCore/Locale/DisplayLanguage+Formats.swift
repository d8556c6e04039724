import Foundation

extension DisplayLanguage {
    /// `value` with `decimals` places and the language's marks: 1234.5 → `1.234,5` (vi),
    /// `1,234.5` (en). Rounded half away from zero, so a report's figure matches a calculator's.
    public func number(_ value: Double, decimals: Int = 0) -> String {
        let scale = (0..<decimals).reduce(1.0) { product, _ in product * 10 }
        let rounded = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        let whole = Int(rounded / scale)
        let fraction = Int(rounded - Double(whole) * scale)
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = String(separators.grouping) + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        let sign = value < 0 && rounded > 0 ? "−" : ""
        guard decimals > 0 else { return sign + grouped }
        let padded = String(repeating: "0", count: max(0, decimals - String(fraction).count)) + String(fraction)
        return sign + grouped + String(separators.decimal) + padded
    }

    /// A share as a percentage with one decimal: 0.4567 → `45,7%` (vi), `45.7%` (en).
    public func percent(_ share: Double) -> String { number(share * 100, decimals: 1) + "%" }

    /// An amount in Vietnamese đồng, which has no minor unit, so never any decimals, in each
    /// language's usual form: `1.250.000 ₫` (vi), `₫1,250,000` (en, as CLDR writes it).
    public func dong(_ amount: Double) -> String {
        switch self {
        case .vi: number(amount) + " ₫"
        case .en: (amount < 0 ? "−₫" : "₫") + number(abs(amount))
        }
    }

    /// A calendar day in words: `7 tháng 12, 2026` (vi), `December 7, 2026` (en); a birthday
    /// whose year is unknown (`0000`) without one: `7 tháng 12`, `December 7`.
    public func date(_ day: LocalDate) -> String {
        let year = day.year == 0 ? "" : ", \(day.year)"
        return switch self {
        case .vi: "\(day.day) tháng \(day.month)\(year)"
        case .en: "\(Self.englishMonths[day.month - 1]) \(day.day)\(year)"
        }
    }

    private static let englishMonths = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
}
