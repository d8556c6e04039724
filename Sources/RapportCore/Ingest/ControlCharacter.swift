/// Control characters (U+0000–U+001F, U+007F–U+009F) refused in what the business sends us. A NUL
/// cuts a value short in C-string code paths, so `J14\0-x` would become customer `J14`; the others
/// are invisible in every report and page, so two ids that look equal would not be.
///
/// Identities and one-word fields (ids, event kinds, email, locale, time zone) may hold none.
/// Names and free text — attribute values, event properties — may hold tab and line breaks (an
/// address, a note; message headers fold them into spaces, so a name never adds a header), and
/// nothing else.
public enum ControlCharacter {
    public enum Rule: Sendable {
        /// No control character at all.
        case identifier
        /// Tab, line feed and carriage return allowed.
        case text
    }

    /// Why `text` cannot be stored under `rule`, or nil when it can.
    public static func problem(in text: String, rule: Rule) -> String? {
        for (offset, scalar) in text.unicodeScalars.enumerated() where scalar.properties.generalCategory == .control {
            if rule == .text, scalar == "\t" || scalar == "\n" || scalar == "\r" { continue }
            let hex = String(scalar.value, radix: 16, uppercase: true)
            let name = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            let advice = rule == .text ? "only tab and line breaks are allowed" : "remove it"
            return "holds the control character \(name) at character \(offset + 1); \(advice)"
        }
        return nil
    }
}
