extension String {
    /// The text with every run of control characters and line or paragraph separators turned into
    /// one space, trimmed. Customer data fills display names and subjects; a line break there is
    /// never meant, and mail readers reject or mangle it even when it is safely encoded.
    public var singleLine: String {
        var result = ""
        var pendingSpace = false
        for scalar in unicodeScalars {
            let category = scalar.properties.generalCategory
            if category == .control || category == .lineSeparator || category == .paragraphSeparator {
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
