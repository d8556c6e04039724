/// Escaping for text placed between the quotes of a JSON string (RFC 8259 §7).
enum JSONString {
    /// Escapes what would end the string or break the document: `"`, `\`, and every control
    /// character. `/` becomes `\/` as Foundation's encoder writes it, so `</script>` is harmless
    /// if the body is ever embedded in a page; U+2028 and U+2029 are escaped for JavaScript
    /// readers, and U+FEFF because some parsers (Foundation's on Linux) drop it as a byte-order
    /// mark at the start of a string. Everything else, Vietnamese included, stays as UTF-8.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "/": escaped += "\\/"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case "\u{08}": escaped += "\\b"
            case "\u{0C}": escaped += "\\f"
            case "\u{2028}", "\u{2029}", "\u{FEFF}": escaped += unicodeEscape(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: escaped += unicodeEscape(scalar)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// `\u001b`: four hex digits.
    private static func unicodeEscape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
