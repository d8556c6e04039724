/// One line of an SMTP server reply, such as `550 5.1.1 <x@example.com>: Recipient address rejected`.
struct SMTPReply: Equatable, Sendable {
    /// The three-digit reply code, or nil when the line does not start with one.
    let code: Int?
    /// The line without its line ending, as kept in the ledger.
    let text: String

    init(line: some StringProtocol) {
        var text = Substring(line)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        self.text = String(text)
        let digits = text.prefix(3)
        let separator = text.dropFirst(3).first
        if digits.count == 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            separator == nil || separator == " " || separator == "-"
        {
            self.code = Int(digits)
        } else {
            self.code = nil
        }
    }

    /// 4xx and 5xx: the server refused the command.
    var isRejection: Bool {
        guard let code else { return false }
        return code >= 400
    }
}
