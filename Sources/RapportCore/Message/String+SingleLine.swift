extension String {
    /// The text with every run of control characters and line or paragraph separators turned into
    /// one space, trimmed. Customer data fills display names and subjects; a line break there is
    /// never meant, and mail readers reject or mangle it even when it is safely encoded.
    public var singleLine: String {
        var result = ""
        var pendingSpace = false
        for scalar in unicodeScalars {
            // Unicode's control (Cc), line separator (Zl) and paragraph separator (Zp) categories,
            // by code point: asking each scalar's properties was most of a header's cost.
            let value = scalar.value
            if value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029 {
                pendingSpace = true
                continue
            }
            if pendingSpace, !result.isEmpty { result.unicodeScalars.append(" ") }
            pendingSpace = false
            result.unicodeScalars.append(scalar)
        }
        return result.trimmingCharactersInWhitespace()
    }
}
