import Foundation
import RapportCore
import RapportTestSupport
import Testing

/// Whatever text customers and templates supply, the composed message has exactly the expected
/// headers, stays within line limits, and decodes back to the text given.
@Suite("Message composition over random text")
struct MessageRandomInvariantTests {
    static let expectedNames = [
        "Date", "From", "To", "Reply-To", "Subject", "Message-ID", "MIME-Version", "X-Rapport-Campaign",
        "Content-Type",
    ]

    /// ASCII that means something to a header or body parser.
    static let markers = ["=?", "?=", "=?UTF-8?B?QQ==?=", "\"", "\\", "<", ">", ",", ":", "From ", "."]

    @Test("random subjects, names and bodies")
    func randomMessages() throws {
        let seed = SplitMix64.seedForThisRun()
        var generator = SplitMix64(seed: seed)
        for iteration in 0..<300 {
            let subject = randomText(using: &generator)
            let fromName = randomText(using: &generator)
            let toName = randomText(using: &generator)
            let campaign = randomText(using: &generator)
            let text = randomText(using: &generator)
            let html = randomText(using: &generator)
            let context: Comment = """
                seed: \(seed), iteration: \(iteration), subject: \(subject.debugDescription), \
                from: \(fromName.debugDescription), to: \(toName.debugDescription)
                """
            let message = try OutgoingMessage.fixture(
                subject: subject, fromName: fromName, toName: toName, replyToName: "Hoa Mai", text: text, html: html,
                extraHeaders: [("X-Rapport-Campaign", campaign)]
            )
            do {
                try checkInvariants(of: message, context: context)
            } catch {
                Issue.record(error, context)
            }
        }
    }

    private func checkInvariants(of original: OutgoingMessage, context: Comment) throws {
        let message = try DecodedMessage(MessageComposer.compose(original))

        #expect(message.fields.map(\.name) == Self.expectedNames, context)
        // An extra header may keep a long printable word verbatim (up to 998), since it may be structured.
        let foldedFields = message.fieldLines.filter { $0.name != "X-Rapport-Campaign" }
        #expect(foldedFields.allSatisfy { $0.lines.allSatisfy { $0.utf8.count <= 78 } }, context)
        #expect(try EncodedWordDecoder.decode(message.value("Subject")).bytes == Array(original.subject.utf8), context)
        let campaign = original.extraHeaders[0].value
        let campaignValue = try message.value("X-Rapport-Campaign")
        if campaignValue != campaign {
            #expect(try EncodedWordDecoder.decode(campaignValue).bytes == Array(campaign.utf8), context)
        }
        for (field, mailbox) in [("From", original.from), ("To", try #require(original.to.mailbox))] {
            let name = mailbox.displayName ?? ""
            let decoded = try EncodedWordDecoder.decodeMailbox(message.value(field))
            #expect(decoded.displayName == (name.isEmpty ? nil : Array(name.utf8)), context)
        }

        let boundary = try #require(message.value("Content-Type").split(separator: "\"").dropFirst().first, context)
        let parts = try message.parts(boundary: String(boundary))
        try #require(parts.count == 2, context)
        #expect(try QuotedPrintableDecoder.decode(parts[0].body[...]) == normalisingLineBreaks(original.text), context)
        #expect(try QuotedPrintableDecoder.decode(parts[1].body[...]) == normalisingLineBreaks(original.html!), context)
    }

    /// Text mixing readable ASCII with what breaks naive composers: controls, encoded-word markers,
    /// combining marks, CJK, emoji with joiners, and runs of spaces.
    private func randomText(using generator: inout SplitMix64) -> String {
        let pieces: [(inout SplitMix64) -> String] = [
            { String(UnicodeScalar(UInt8.random(in: 0x20...0x7E, using: &$0))) },
            { _ in " " },
            { String(repeating: " ", count: Int.random(in: 2...90, using: &$0)) },
            { ["\r", "\n", "\r\n", "\u{0}", "\t", "\u{7F}", "\u{1B}"].randomElement(using: &$0)! },
            { Self.markers.randomElement(using: &$0)! },
            { ["\u{85}", "\u{2028}", "\u{200D}", "\u{FE0F}", "👨‍👩‍👧‍👦", "🇻🇳"].randomElement(using: &$0)! },
            { String(UnicodeScalar(UInt32.random(in: 0x0300...0x036F, using: &$0))!) },
            { ["ạ", "ầ", "ể", "ố", "ữ", "đ", "Nguyễn", "Hồng"].randomElement(using: &$0)! },
            { String(UnicodeScalar(UInt32.random(in: 0x4E00...0x9FFF, using: &$0))!) },
            { String(UnicodeScalar(UInt32.random(in: 0x1F300...0x1FAFF, using: &$0))!) },
        ]
        // Readable ASCII words take the plain, folded path; ASCII with controls and markers must not.
        let readableOnly = [0, 0, 0, 0, 0, 1]
        let asciiOnly = [0, 0, 0, 0, 1, 1, 2, 3, 4]
        let length = Int.random(in: 0...250, using: &generator)
        let mode = Int.random(in: 0..<3, using: &generator)
        var text = ""
        for _ in 0..<length {
            let index =
                switch mode {
                case 0: readableOnly.randomElement(using: &generator)!
                case 1: asciiOnly.randomElement(using: &generator)!
                default: Int.random(in: 0..<pieces.count, using: &generator)
                }
            text += pieces[index](&generator)
        }
        return text
    }
}
