/// The language people read Rapport's own words and formatted values in: the HTML report, and the
/// `{{#date}}` and `{{#money}}` helpers of templates. Vietnamese and English; any other tag reads
/// as English, the language every shop's staff is most likely to share.
public enum DisplayLanguage: String, Sendable, CaseIterable {
    case en
    case vi

    /// The language of a BCP 47 tag as customers and the config write it (`vi`, `vi-VN`, `en_GB`);
    /// English for nil and for any other language.
    public init(tag: String?) {
        let language = tag?.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first
        self = language == "vi" ? .vi : .en
    }

    /// Grouping and decimal marks: `1.250.000,5` in Vietnamese, `1,250,000.5` in English.
    var separators: (grouping: Character, decimal: Character) {
        switch self {
        case .vi: (".", ",")
        case .en: (",", ".")
        }
    }
}
