extension OutgoingMessage {
    /// What a browser should show of the message: its HTML part as sent, or, for a text-only
    /// message, a page with the text as it reads in a mail client (escaped, lines kept).
    public var htmlPage: String {
        if let html { return html }
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>\(Self.escaped(subject))</title></head>
            <body><pre style="white-space: pre-wrap; font-family: sans-serif">\(Self.escaped(text))</pre></body></html>

            """
    }

    private static func escaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
