import Foundation

/// Markup helpers for the report page: every text placed in it (campaign ids, interaction kinds)
/// is escaped, and numbers are written with a fixed number of decimals so the file is stable.
enum SVGText {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func number(_ value: Double, decimals: Int = 1) -> String { String(format: "%.\(decimals)f", value) }

    static func percent(_ value: Double?) -> String { value.map { number($0 * 100) + "%" } ?? "–" }
}
