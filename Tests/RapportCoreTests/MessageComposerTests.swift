import Foundation
import RapportCore
import Testing

@Suite("Message composition")
struct MessageComposerTests {
    @Test("a plain message has the headers in order and an exact header block")
    func plainMessageHeaderBlock() throws {
        let bytes = MessageComposer.compose(
            try .fixture(
                subject: "Happy birthday", fromName: "Hoa Mai", toName: nil,
                extraHeaders: [("List-Unsubscribe", "<https://hoamai.example/u/abc>")]
            )
        )
        let expected = """
            Date: Mon, 23 Nov 2026 09:00:00 +0700\r
            From: Hoa Mai <hello@hoamai.example>\r
            To: nhung@customer.example\r
            Subject: Happy birthday\r
            Message-ID: <0123456789abcdef.rapport@hoamai.example>\r
            MIME-Version: 1.0\r
            List-Unsubscribe: <https://hoamai.example/u/abc>\r
            Content-Type: text/plain; charset=UTF-8\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            Xin ch=C3=A0o!\r
            \r

            """
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    @Test("a long ASCII subject is folded at spaces, not encoded")
    func longASCIISubjectIsFolded() throws {
        let subject = (1...30).map { "word\($0)" }.joined(separator: " ")
        let message = try DecodedMessage(MessageComposer.compose(.fixture(subject: subject)))
        let subjectLines = message.headerLines.drop { !$0.hasPrefix("Subject:") }.prefix {
            !$0.hasPrefix("Message-ID:")
        }

        #expect(try message.value("Subject") == subject)
        #expect(subjectLines.count > 1)
        #expect(subjectLines.allSatisfy { $0.utf8.count <= 78 && !$0.contains("=?") })
    }

    @Test(
        "ASCII display names are atoms or escaped quoted strings",
        arguments: [
            ("Hoa Mai", "Hoa Mai <hello@hoamai.example>"),
            ("Hoa Mai, Shop", "\"Hoa Mai, Shop\" <hello@hoamai.example>"),
            ("Hoa \"Mai\" \\ Co.", "\"Hoa \\\"Mai\\\" \\\\ Co.\" <hello@hoamai.example>"),
            ("  padded  ", "\"  padded  \" <hello@hoamai.example>"),
        ]
    )
    func asciiDisplayNames(name: String, expected: String) throws {
        let message = try DecodedMessage(MessageComposer.compose(.fixture(fromName: name)))
        let from = try message.value("From")

        #expect(from == expected)
        #expect(try EncodedWordDecoder.decodeMailbox(from).displayName == Array(name.utf8))
    }

    @Test("ASCII text that looks like an encoded word is encoded", arguments: ["=?UTF-8?B?QQ==?=", "50% off =?"])
    func encodedWordLookalikesAreEncoded(_ text: String) throws {
        let message = try DecodedMessage(MessageComposer.compose(.fixture(subject: text, fromName: text)))
        let subject = try EncodedWordDecoder.decode(try message.value("Subject"))
        let from = try EncodedWordDecoder.decodeMailbox(try message.value("From"))

        #expect(subject.bytes == Array(text.utf8) && !subject.words.isEmpty)
        #expect(from.displayName == Array(text.utf8) && !from.words.isEmpty)
    }

    @Test("a long structured extra header stays verbatim rather than encoded")
    func longExtraHeaderStaysVerbatim() throws {
        let url = "<https://hoamai.example/unsubscribe/" + String(repeating: "a1b2c3d4", count: 20) + ">"
        let value = url + ", <mailto:unsubscribe@hoamai.example>"
        let message = try DecodedMessage(MessageComposer.compose(.fixture(extraHeaders: [("List-Unsubscribe", value)])))

        #expect(try message.value("List-Unsubscribe") == value)
        #expect(message.headerLines.contains("List-Unsubscribe: \(url),"))
    }

    @Test("html makes a multipart/alternative with text before html")
    func multipartStructure() throws {
        let text = "Xin chào Nhung!\n"
        let html = "<p>Xin chào <b>Nhung</b>!</p>\n"
        let bytes = MessageComposer.compose(try .fixture(text: text, html: html))
        let message = try DecodedMessage(bytes)
        let contentType = try message.value("Content-Type")
        let boundary = try #require(contentType.split(separator: "\"").dropFirst().first.map(String.init))

        #expect(contentType == "multipart/alternative; boundary=\"\(boundary)\"")
        #expect(boundary.hasPrefix("=_rapport_"))
        #expect(message.values("Content-Transfer-Encoding").isEmpty)
        #expect(message.headerLines.allSatisfy { $0.utf8.count <= 78 })

        let delimiterLines = String(decoding: message.body, as: UTF8.self).components(separatedBy: "\r\n")
            .filter { $0.hasPrefix("--") }
        #expect(delimiterLines == ["--\(boundary)", "--\(boundary)", "--\(boundary)--"])

        let parts = try message.parts(boundary: boundary)
        try #require(parts.count == 2)
        #expect(try parts[0].value("Content-Type") == "text/plain; charset=UTF-8")
        #expect(try parts[1].value("Content-Type") == "text/html; charset=UTF-8")
        for (part, original) in zip(parts, [text, html]) {
            #expect(try part.value("Content-Transfer-Encoding") == "quoted-printable")
            #expect(try QuotedPrintableDecoder.decode(part.body[...]) == normalisingLineBreaks(original))
        }
    }

    @Test("the boundary follows the Message-ID and composing is deterministic")
    func deterministicOutput() throws {
        let first = MessageComposer.compose(try .fixture(html: "<p>Hi</p>"))
        let again = MessageComposer.compose(try .fixture(html: "<p>Hi</p>"))
        let other = MessageComposer.compose(try .fixture(html: "<p>Hi</p>", messageID: "other.rapport@hoamai.example"))

        #expect(first == again)
        let boundaries = try [first, other].map { try DecodedMessage($0).value("Content-Type") }
        #expect(boundaries[0] != boundaries[1])
    }
}
