import Foundation
import RapportCore

extension OutgoingMessage {
    /// A message with the parts under test replaced; everything else fixed so output is comparable.
    static func fixture(
        subject: String = "Chúc mừng sinh nhật",
        fromName: String? = "Hoa Mai",
        toName: String? = "Nhung",
        replyToName: String? = nil,
        text: String = "Xin chào!\n",
        html: String? = nil,
        date: Date = Date(timeIntervalSince1970: 1_795_399_200),
        timeZone: TimeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!,
        messageID: String = "0123456789abcdef.rapport@hoamai.example",
        extraHeaders: [(name: String, value: String)] = []
    ) throws -> OutgoingMessage {
        OutgoingMessage(
            from: Mailbox(displayName: fromName, address: try EmailAddress("hello@hoamai.example")),
            to: .email(Mailbox(displayName: toName, address: try EmailAddress("nhung@customer.example"))),
            replyTo: try replyToName.map { Mailbox(displayName: $0, address: try EmailAddress("care@hoamai.example")) },
            subject: subject, text: text, html: html, date: date, dateTimeZone: timeZone,
            messageID: MessageID(rawValue: messageID), extraHeaders: extraHeaders
        )
    }
}

/// Line breaks as the composer writes them: CRLF, lone LF and lone CR each become CRLF.
func normalisingLineBreaks(_ text: String) -> [UInt8] {
    var output: [UInt8] = []
    let bytes = Array(text.utf8)
    var index = 0
    while index < bytes.count {
        switch bytes[index] {
        case 0x0D:
            output += [0x0D, 0x0A]
            if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
        case 0x0A:
            output += [0x0D, 0x0A]
        default:
            output.append(bytes[index])
        }
        index += 1
    }
    return output
}
