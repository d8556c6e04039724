import Foundation
import RapportCore
import Testing

@Suite("Quoted-printable bodies")
struct MessageQuotedPrintableTests {
    static let bodies: [String] = [
        "",
        "Xin chào!\n",
        String(repeating: "Chúc mừng sinh nhật 🎂 a=b ", count: 200),
        String(repeating: "x", count: 5000),
        "trailing spaces   \nand a tab\t\nend with space ",
        "=?UTF-8?B?QQ==?= == =3D =\n=",
        ".\n.leading dot\n..two\nFrom the shop\nFrom: header-like\nFromage",
        "mixed\r\nline\nendings\rhere\r\n\r\n",
        "bare CR at end\r",
        "NUL \u{0} and DEL \u{7F} and ESC \u{1B}",
        "Chào mừng Nguyễn Thị Hồng Nhung".decomposedStringWithCanonicalMapping,
        String(repeating: " ", count: 100),
        String(repeating: "é", count: 80) + "\n" + String(repeating: ".", count: 300),
    ]

    @Test("text body round-trips within 76-character lines", arguments: bodies)
    func textBodyRoundTrips(_ text: String) throws {
        let message = try DecodedMessage(MessageComposer.compose(.fixture(text: text)))
        #expect(try message.value("Content-Transfer-Encoding") == "quoted-printable")
        #expect(message.body.suffix(2) == [0x0D, 0x0A])

        let encoded = message.body.dropLast(2)
        #expect(try QuotedPrintableDecoder.decode(encoded) == normalisingLineBreaks(text))
        for line in String(decoding: encoded, as: UTF8.self).components(separatedBy: "\r\n") {
            #expect(!line.hasPrefix("."), "a line starting with '.' is left to dot-stuffing: \(line)")
            #expect(!line.hasPrefix("From "), "a line starting with 'From ' may be mangled: \(line)")
        }
    }

    @Test("a 5000-character line is split by soft breaks")
    func longLineUsesSoftBreaks() throws {
        let text = String(repeating: "0123456789", count: 500)
        let message = try DecodedMessage(MessageComposer.compose(.fixture(text: text)))
        let lines = String(decoding: message.body.dropLast(2), as: UTF8.self).components(separatedBy: "\r\n")

        #expect(lines.count == 67)
        #expect(lines.dropLast().allSatisfy { $0.utf8.count == 76 && $0.hasSuffix("=") })
    }

    @Test("encoding is exact for known inputs")
    func knownEncodings() throws {
        let message = try DecodedMessage(MessageComposer.compose(.fixture(text: "a = b \n.x\nFrom y\ncafé\t")))
        #expect(String(decoding: message.body, as: UTF8.self) == "a =3D b=20\r\n=2Ex\r\n=46rom y\r\ncaf=C3=A9=09\r\n")
    }
}
