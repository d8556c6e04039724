/// Writes an `OutgoingMessage` as the bytes of an RFC 5322 / MIME message, ready for SMTP DATA
/// (dot-stuffing is the transport's job) or a file.
///
/// The output uses CRLF line endings throughout, header lines of at most 78 octets wherever a
/// line can be folded (never over 998), and quoted-printable UTF-8 bodies. Composing is deterministic:
/// the same message gives the same bytes, boundary included.
///
/// Header injection policy: no value in the message can add a header line. CR, LF, NUL and other
/// control characters in the subject, display names and extra header values are encoded, not
/// stripped: they become bytes inside RFC 2047 encoded words, so a reader decodes exactly the text
/// given and never sees a new line. The Message-ID keeps only visible ASCII.
public enum MessageComposer {
    /// Header names written from the message's own fields; an extra header with one of these names
    /// is skipped rather than allowed to contradict them.
    private static let composedHeaderNames: Set<String> = [
        "date", "from", "to", "reply-to", "subject", "message-id", "mime-version", "content-type",
        "content-transfer-encoding",
    ]

    private static let crlf: [UInt8] = [0x0D, 0x0A]

    /// The complete message: header block, blank line, body.
    ///
    /// Extra headers whose name is not a valid field name (printable ASCII without `:` or space) or
    /// that the composer writes itself are skipped, since writing them would break the header block.
    public static func compose(_ message: OutgoingMessage) -> [UInt8] {
        var fields = [
            HeaderField(name: "Date", pieces: [RFC5322Date(message.date, timeZone: message.dateTimeZone).description]),
            HeaderField(name: "From", mailbox: message.from),
        ]
        if let to = message.to.mailbox { fields.append(HeaderField(name: "To", mailbox: to)) }
        if let replyTo = message.replyTo {
            fields.append(HeaderField(name: "Reply-To", mailbox: replyTo))
        }
        fields += [
            HeaderField(name: "Subject", text: message.subject),
            HeaderField(name: "Message-ID", pieces: [messageIDFieldBody(message.messageID)]),
            HeaderField(name: "MIME-Version", pieces: ["1.0"]),
        ]
        for header in message.extraHeaders where isAllowedExtraHeaderName(header.name) {
            fields.append(HeaderField(name: header.name, value: header.value))
        }

        var output = fields.flatMap(\.bytes)
        guard let html = message.html else {
            output += textPart(subtype: "plain", body: message.text)
            return output + crlf
        }
        let boundary = MIMEBoundary(messageID: message.messageID).value
        let delimiter = Array("--\(boundary)".utf8)
        let contentType = HeaderField(
            name: "Content-Type", pieces: ["multipart/alternative;", " boundary=\"\(boundary)\""])
        output += contentType.bytes + crlf
        for part in [textPart(subtype: "plain", body: message.text), textPart(subtype: "html", body: html)] {
            output += delimiter + crlf + part + crlf
        }
        return output + delimiter + Array("--".utf8) + crlf
    }

    /// Content headers, blank line and the quoted-printable body, without a final line break.
    private static func textPart(subtype: String, body: String) -> [UInt8] {
        let headers = [
            HeaderField(name: "Content-Type", pieces: ["text/\(subtype);", " charset=UTF-8"]),
            HeaderField(name: "Content-Transfer-Encoding", pieces: ["quoted-printable"]),
        ]
        return headers.flatMap(\.bytes) + crlf + QuotedPrintable.encode(body)
    }

    /// `<id>` with anything but visible ASCII removed: `MessageID(rawValue:)` accepts any string,
    /// and a CR or LF here would otherwise start a new header line.
    private static func messageIDFieldBody(_ messageID: MessageID) -> String {
        let visible = messageID.value.unicodeScalars.filter {
            (0x21...0x7E).contains($0.value) && $0 != "<" && $0 != ">"
        }
        return "<" + String(visible) + ">"
    }

    private static func isAllowedExtraHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) && $0 != ":" }
            && !composedHeaderNames.contains(name.lowercased())
    }
}
