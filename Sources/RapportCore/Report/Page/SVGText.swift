import Foundation

/// Coordinates on the report page, written with a fixed number of decimals so the file is stable.
/// Text placed in it goes through `HTMLText.escape`; figures people read through `DisplayLanguage`.
enum SVGText {
    static func number(_ value: Double, decimals: Int = 1) -> String { String(format: "%.\(decimals)f", value) }
}
