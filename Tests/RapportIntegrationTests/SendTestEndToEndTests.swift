import Foundation
import RapportCore
import RapportTestSupport
import Testing

/// `rapport send-test`: one real message to a reviewer through the campaign's SMTP transport,
/// marked as a test, and nothing in the ledger — the customer still gets the real one when due.
@Suite struct SendTestEndToEndTests {
    static let birthday = "2027-02-03T10:00:00+07:00"

    @Test func aReviewerGetsOneMarkedSampleAndTheLedgerStaysEmpty() async throws {
        try await withSMTPServer { server in
            let setup = try await PreviewWindowEndToEndTests.deployment(server)
            defer { setup.cleanUp() }
            // Not NHUNG's birthday yet: a sample all the same.
            let sample = try await setup.cli.run([
                "send-test", "--campaign", "birthday", "--customer", "NHUNG", "--to", "reviewer@hoamai.example",
                "--now", "2027-01-31T12:00:00+07:00",
            ])
            try #require(sample.status == 0, "\(sample)")
            let messages = try server.messages()
            try #require(messages.count == 1, "\(messages.count) messages")
            #expect(messages[0].rcptTos == ["reviewer@hoamai.example"])
            let decoded = try await DecodedMessage(raw: messages[0].content, scratch: setup.directory)
            #expect(decoded.subject == "[TEST] Chúc mừng sinh nhật Hồng Nhung! 🎂", "\(decoded)")
            #expect(decoded.to?.address == "reviewer@hoamai.example")
            #expect(decoded.rawHeaderLines.contains("X-Rapport-Test: yes"), "\(decoded.rawHeaderLines)")
            #expect(decoded.text?.contains("Hồng Nhung") == true, "\(decoded.text ?? "")")
            #expect(decoded.defects.isEmpty, "\(decoded.defects)")
            let log = try await setup.cli.run(["log", "--json"])
            #expect(log.status == 0 && log.stdout.isEmpty, "\(log)")

            // On her birthday the real wish goes to her, with its own Message-ID, as if no sample had.
            let run = try await setup.cli.run(["run", "--once", "--now", Self.birthday])
            try #require(run.status == 0, "\(run)")
            let after = try server.messages()
            let real = try #require(after.first { $0.rcptTos == ["nhung@example.vn"] }, "\(after.map(\.rcptTos))")
            let wish = try await DecodedMessage(raw: real.content, scratch: setup.directory)
            #expect(wish.subject == "Chúc mừng sinh nhật Hồng Nhung! 🎂")
            #expect(wish.messageId != decoded.messageId)

            // The sample's unsubscribe link is inert (a throwaway key); the real one works.
            let key = try Data(contentsOf: setup.directory.appendingPathComponent("keys/link-signing-key"))
            let signer = try #require(LinkSigner(secret: Array(key)))
            func unsubscribeToken(_ message: DecodedMessage) throws -> String {
                let header = try #require(message.rawHeaderLines.first { $0.hasPrefix("List-Unsubscribe: <") })
                return String(header.split(separator: "/").last!.dropLast())
            }
            let now = try #require(Timestamp.parse(Self.birthday))
            #expect(signer.verify(try unsubscribeToken(decoded), purpose: .unsubscribe, at: now) == nil)
            #expect(signer.verify(try unsubscribeToken(wish), purpose: .unsubscribe, at: now)?.customerID == "NHUNG")
        }
    }

    @Test func badInputIsRefusedWithWhatToFix() async throws {
        try await withSMTPServer { server in
            let setup = try await PreviewWindowEndToEndTests.deployment(server)
            defer { setup.cleanUp() }
            let cases: [(arguments: [String], says: String)] = [
                (["--campaign", "birthday", "--customer", "NHUNG", "--to", "not an address"], "--to: address"),
                (
                    ["--campaign", "birthday", "--customer", "NOBODY", "--to", "r@hoamai.example"],
                    "no customer 'NOBODY'"
                ),
                (["--campaign", "gone", "--customer", "NHUNG", "--to", "r@hoamai.example"], "no campaign 'gone'"),
            ]
            for (arguments, says) in cases {
                let outcome = try await setup.cli.run(["send-test"] + arguments)
                #expect(outcome.status != 0, "\(arguments): \(outcome)")
                #expect(outcome.stderr.contains(says), "\(arguments): \(outcome)")
            }
            #expect(try server.messages().isEmpty)
        }
    }
}
