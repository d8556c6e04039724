extension OutgoingMessage {
    /// What a browser should show of the message: its HTML part as sent, or, for a text-only
    /// message, a page with the text as it reads in a mail client (escaped, lines kept).
    public var htmlPage: String {
        if let html { return html }
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>\(HTMLText.escape(subject))</title></head>
            <body><pre style="white-space: pre-wrap; font-family: sans-serif">\(HTMLText.escape(text))</pre></body></html>

            """
    }
}
