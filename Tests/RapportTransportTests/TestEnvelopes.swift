import RapportCore

/// Composed messages like the ones Rapport sends: CRLF lines, UTF-8 body, and lines starting with
/// dots, which SMTP must escape and unescape without changing a byte.
enum TestEnvelopes {
    static func make(number: Int, to recipient: String = "nhung@example.com") throws -> Envelope {
        let id = "test-\(number).rapport@example.com"
        let text = [
            "From: Rapport <hello@example.com>",
            "To: Nguyễn Thị Hồng Nhung <\(recipient)>",
            "Subject: =?UTF-8?B?Q2jDumMgbeG7q25nIHNpbmggbmjhuq10?=",
            "Message-ID: <\(id)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            "Chào Nguyễn Thị Hồng Nhung,",
            "",
            "Chúc mừng sinh nhật! Đây là thư số \(number).",
            ".",
            "..a line that starts with two dots",
            "Trân trọng,",
            "Rapport",
            "",
        ].joined(separator: "\r\n")
        return Envelope(
            mailFrom: try EmailAddress("bounces@example.com"),
            recipient: .email(Mailbox(address: try EmailAddress(recipient))),
            data: Array(text.utf8),
            messageID: MessageID(rawValue: id)
        )
    }
}
