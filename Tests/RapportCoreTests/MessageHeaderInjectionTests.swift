import RapportCore
import Testing

@Suite("Header injection")
struct MessageHeaderInjectionTests {
    static let attacks = [
        "An\r\nBcc: x@evil.example",
        "An\nBcc: x@evil.example",
        "An\rBcc: x@evil.example",
        "An\r\n\r\nBody takeover",
        "An\u{0}\r\nBcc: x@evil.example",
        "\r\nBcc: x@evil.example",
    ]

    static let expectedNames = [
        "Date", "From", "To", "Reply-To", "Subject", "Message-ID", "MIME-Version", "X-Rapport-Campaign",
        "Content-Type", "Content-Transfer-Encoding",
    ]

    @Test("CR and LF in names, subject and extra headers never start a header line", arguments: attacks)
    func controlCharactersAreEncoded(_ attack: String) throws {
        let bytes = MessageComposer.compose(
            try .fixture(
                subject: attack, fromName: attack, toName: attack, replyToName: attack,
                messageID: "abc\r\nBcc: x@evil.example", extraHeaders: [("X-Rapport-Campaign", attack)]
            )
        )
        let message = try DecodedMessage(bytes)

        #expect(!message.headerLines.contains { $0.lowercased().hasPrefix("bcc:") })
        #expect(message.fields.map(\.name) == Self.expectedNames)
        #expect(try EncodedWordDecoder.decode(try message.value("Subject")).bytes == Array(attack.utf8))
        #expect(try EncodedWordDecoder.decode(try message.value("X-Rapport-Campaign")).bytes == Array(attack.utf8))
        for field in ["From", "To", "Reply-To"] {
            #expect(try EncodedWordDecoder.decodeMailbox(try message.value(field)).displayName == Array(attack.utf8))
        }
        #expect(try message.value("Message-ID") == "<abcBcc:x@evil.example>")
    }

    @Test("extra headers with an invalid or composer-owned name are skipped")
    func unsafeExtraHeaderNamesAreSkipped() throws {
        let message = try DecodedMessage(
            MessageComposer.compose(
                try .fixture(extraHeaders: [
                    ("Bcc: x@evil.example\r\nX-Evil", "1"), ("X Space", "1"), ("", "1"), ("subject", "Spoofed"),
                    ("Content-Type", "text/html"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                ])
            )
        )
        #expect(
            message.fields.map(\.name) == [
                "Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "List-Unsubscribe-Post", "Content-Type",
                "Content-Transfer-Encoding",
            ]
        )
        #expect(try message.value("Content-Type") == "text/plain; charset=UTF-8")
    }
}
