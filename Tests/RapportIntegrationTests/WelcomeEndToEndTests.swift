import Foundation
import RapportTestSupport
import Testing

/// The whole path an operator uses: campaign file → import → `rapport run --once` → a real SMTP
/// server on loopback, with the built binary run as a subprocess.
@Suite(.serialized) struct WelcomeEndToEndTests {
    static let now = "2026-11-23T09:00:00+07:00"

    static let campaign = """
        id: welcome
        category: marketing
        transport: default
        trigger: { kind: welcome, delay: 1h, since: 2026-01-01 }
        audience:
          - { attribute: plan, in: [gold, silver] }
        message:
          subject: "Chào mừng {{first_name}} đến với cửa hàng!"
          text: welcome.txt
          html: "<p>Chào {{first_name}} ({{attributes.plan}})</p>"
          locales:
            en: { subject: "Welcome, {{first_name}}!", text: "Hi {{first_name}}, welcome aboard." }
        """

    /// Eligible: C001, C002 (English), C006 (hostile first name). Not: C003 (audience), C004
    /// (signed up before `since`), C005 (unsubscribed), C007 (signed up 30 minutes ago).
    static let customers = """
        id,email,first_name,last_name,locale,signed_up_at,subscription,plan
        C001,nhung@example.vn,Hồng Nhung,Nguyễn Thị,vi,2026-11-20T09:15:00+07:00,subscribed,gold
        C002,minh@example.com,Minh,Trần,en,2026-11-21T14:40:00+07:00,,silver
        C003,lan@example.vn,Lan,Phạm,vi,2026-11-22T08:05:00+07:00,subscribed,bronze
        C004,bao@example.vn,Bảo,Lê,vi,2025-06-01T10:00:00+07:00,subscribed,gold
        C005,hoa@example.vn,Hoa,Võ,vi,2026-11-18T19:30:00+07:00,unsubscribed,gold
        C006,an@example.vn,"An\r\nBcc: x@evil.example",Đỗ,vi,2026-11-19T10:00:00+07:00,subscribed,gold
        C007,new@example.vn,Mới,Ngô,vi,2026-11-23T08:30:00+07:00,subscribed,gold

        """.replacingOccurrences(of: "\\r\\n", with: "\r\n")

    @Test func welcomeReachesTheInboxExactlyOncePerEligibleCustomer() async throws {
        try await withSMTPServer { server in
            let setup = try Deployment(smtpURL: server.url)
            defer { setup.cleanUp() }
            try setup.addLinks()

            let check = try await setup.cli.run(["check"])
            #expect(check.status == 0, "\(check)")
            let imported = try await setup.cli.run([
                "import", "customers", setup.directory.appendingPathComponent("customers.csv").path,
            ])
            #expect(imported.status == 0, "\(imported)")
            #expect(imported.stdout.contains("7 customers imported (7 new, 0 updated)"), "\(imported)")

            // Preview: decisions shown, nothing sent, nothing written.
            let before = setup.storeFiles()
            let preview = try await setup.cli.run(["preview", "--now", Self.now])
            #expect(preview.status == 0, "\(preview)")
            #expect(preview.stdout.contains("Chào mừng Hồng Nhung đến với cửa hàng!"), "\(preview)")
            #expect(preview.stdout.contains("3 messages due"), "\(preview)")
            #expect(try server.messages().isEmpty)
            #expect(setup.storeFiles() == before)
            let ledgerAfterPreview = try await setup.cli.run(["log", "--json"])
            #expect(ledgerAfterPreview.stdout.isEmpty, "\(ledgerAfterPreview)")

            let tick = try await setup.cli.run(["run", "--once", "--now", Self.now])
            #expect(tick.status == 0, "\(tick)")
            #expect(tick.stdout.contains("(3 sent, 0 failed"), "\(tick)")

            let received = try server.messages()
            #expect(
                received.map(\.rcptTos).sorted { $0[0] < $1[0] } == [
                    ["an@example.vn"], ["minh@example.com"], ["nhung@example.vn"],
                ])
            #expect(received.allSatisfy { $0.mailFrom == "hello@hoamai.example" })

            var decoded: [String: DecodedMessage] = [:]
            for message in received {
                decoded[message.rcptTos[0]] = try await DecodedMessage(raw: message.content, scratch: setup.directory)
            }
            let nhung = try #require(decoded["nhung@example.vn"])
            #expect(nhung.subject == "Chào mừng Hồng Nhung đến với cửa hàng!")
            #expect(nhung.to?.name == "Nguyễn Thị Hồng Nhung")
            #expect(nhung.from?.name == "Cửa hàng Hoa Mai")
            #expect(
                nhung.text == "Chào Hồng Nhung,\r\ncảm ơn bạn đã đăng ký.\r\n"
                    || nhung.text == "Chào Hồng Nhung,\ncảm ơn bạn đã đăng ký.\n")
            #expect(nhung.html?.contains("<p>Chào Hồng Nhung (gold)</p>") == true)
            #expect(nhung.defects.isEmpty, "\(nhung.defects)")
            #expect(nhung.rawHeaderLines.allSatisfy { $0.utf8.count <= 998 && $0.allSatisfy(\.isASCII) })
            #expect(decoded["minh@example.com"]?.subject == "Welcome, Minh!")

            // A second tick in a fresh process sends nothing more; a day later only C007, whose
            // hour had not passed, is new; and once more, nothing.
            for (now, sent) in [(Self.now, 0), ("2026-11-24T09:00:00+07:00", 1), ("2026-11-24T09:00:00+07:00", 0)] {
                let again = try await setup.cli.run(["run", "--once", "--now", now])
                #expect(again.status == 0, "\(again)")
                #expect(again.stdout.contains("tick at") && again.stdout.contains("(\(sent) sent"), "\(again)")
            }
            #expect(try server.messages().count == 4)
            #expect(try server.messages().last?.rcptTos == ["new@example.vn"])

            let log = try await setup.cli.run(["log", "--json", "--status", "sent"])
            let lines = log.stdout.split(separator: "\n")
            #expect(lines.count == 4, "\(log)")
            #expect(lines.allSatisfy { $0.contains("\"reply\":\"250") }, "\(log)")
        }
    }

    @Test func customerDataCannotAddAHeaderOrARecipient() async throws {
        try await withSMTPServer { server in
            let setup = try Deployment(smtpURL: server.url)
            defer { setup.cleanUp() }
            _ = try await setup.cli.run([
                "import", "customers", setup.directory.appendingPathComponent("customers.csv").path,
            ])
            let tick = try await setup.cli.run(["run", "--once", "--now", Self.now])
            #expect(tick.status == 0, "\(tick)")

            let messages = try server.messages().filter { $0.rcptTos.contains("an@example.vn") }
            let message = try #require(messages.first)
            #expect(messages.count == 1)
            #expect(message.rcptTos == ["an@example.vn"])
            #expect(try server.messages().allSatisfy { !$0.rcptTos.contains("x@evil.example") })
            let decoded = try await DecodedMessage(raw: message.content, scratch: setup.directory)
            #expect(!decoded.headerNames.contains { $0.lowercased() == "bcc" }, "\(decoded.headerNames)")
            #expect(!decoded.rawHeaderLines.contains { $0.lowercased().hasPrefix("bcc") })
            #expect(decoded.to?.count == 1)
            #expect(decoded.to?.address == "an@example.vn")
            #expect(decoded.subject?.contains("x@evil.example") == true)
        }
    }
}
