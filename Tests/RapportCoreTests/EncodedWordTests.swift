import Foundation
import RapportCore
import Testing

@Suite("RFC 2047 encoded words")
struct EncodedWordTests {
    static let vietnamese = "Chào mừng Nguyễn Thị Hồng Nhung đến với cửa hàng!"

    static let samples: [String] = [
        vietnamese,
        vietnamese.decomposedStringWithCanonicalMapping,
        "🎉🎂 Chúc mừng sinh nhật 👨‍👩‍👧‍👦 🇻🇳 👍🏽",
        "お誕生日おめでとうございます。いつもご利用いただき誠にありがとうございます。",
        "生日快乐！感谢您一直以来的支持，我们为您准备了一份特别的礼物。",
        String(repeating: "Cảm ơn quý khách đã mua sắm tại Hoa Mai. ", count: 6),
        String(repeating: "Cảm ơn quý khách đã mua sắm tại Hoa Mai. ", count: 6).decomposedStringWithCanonicalMapping,
        String(repeating: "ệ̃", count: 120).decomposedStringWithCanonicalMapping,
        "Café  with  two  spaces and a trailing one ",
    ]

    @Test("subject round-trips", arguments: samples)
    func subjectRoundTrips(_ subject: String) throws {
        let message = try DecodedMessage(MessageComposer.compose(.fixture(subject: subject)))
        let decoded = try EncodedWordDecoder.decode(try message.value("Subject"))

        #expect(decoded.bytes == Array(subject.utf8))
        #expect(!decoded.words.isEmpty)
        #expect(message.headerLines.allSatisfy { $0.utf8.count <= 78 })
        #expect(try wordBoundariesAreGraphemeBoundaries(decoded.words, in: subject))
    }

    @Test("display name round-trips", arguments: samples)
    func displayNameRoundTrips(_ name: String) throws {
        let message = try DecodedMessage(MessageComposer.compose(.fixture(fromName: name, replyToName: name)))
        for field in ["From", "Reply-To"] {
            let mailbox = try EncodedWordDecoder.decodeMailbox(try message.value(field))
            #expect(mailbox.displayName == Array(name.utf8))
            #expect(try wordBoundariesAreGraphemeBoundaries(mailbox.words, in: name))
        }
        #expect(message.headerLines.allSatisfy { $0.utf8.count <= 78 })
    }

    @Test("a cluster longer than a whole word is split between scalars, still valid UTF-8")
    func overlongClusterSplitsBetweenScalars() throws {
        let zalgo = "Z" + String(repeating: "\u{0301}\u{0323}", count: 40)
        let message = try DecodedMessage(MessageComposer.compose(.fixture(subject: zalgo)))
        let decoded = try EncodedWordDecoder.decode(try message.value("Subject"))

        #expect(decoded.bytes == Array(zalgo.utf8))
        #expect(decoded.words.count > 1)
    }

    @Test("the first word leaves room for the field name")
    func firstWordFitsBesideName() throws {
        let message = try DecodedMessage(MessageComposer.compose(.fixture(subject: Self.vietnamese)))
        let subjectLine = try #require(message.headerLines.first { $0.hasPrefix("Subject: ") })
        #expect(subjectLine.utf8.count <= 78)
        #expect(subjectLine.hasPrefix("Subject: =?UTF-8?B?"))
    }

    /// Every word must end where a grapheme cluster of the original ends, so no reader shows a
    /// letter without its marks.
    private func wordBoundariesAreGraphemeBoundaries(_ words: [String], in original: String) throws -> Bool {
        var clusterEnds = Set<Int>()
        var offset = 0
        for character in original {
            offset += character.utf8.count
            clusterEnds.insert(offset)
        }
        var end = 0
        for word in words {
            end += try EncodedWordDecoder.decodeWord(word).count
            if !clusterEnds.contains(end) { return false }
        }
        return true
    }
}
