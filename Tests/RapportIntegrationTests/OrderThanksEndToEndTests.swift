import Foundation
import RapportTestSupport
import Testing

/// The shipped `campaigns/order-thanks.yml.example` with its `partials/signature.mustache`, run by
/// the built binary: an imported `order_paid` event becomes a thank-you naming the order and its
/// amount in đồng, in Vietnamese for a `vi` customer, in English for an `en` one and — through
/// `fallback: [en]` — for an `es-MX` one; the same text in `preview` and `send-test`. Each message
/// is read back from the aiosmtpd server and decoded by Python's email package.
@Suite struct OrderThanksEndToEndTests {
    static let customers = """
        id,email,first_name,locale
        LAN,lan@example.vn,Lan,vi
        JOHN,john@example.com,John,en-GB
        PABLO,pablo@example.mx,Pablo,es-MX
        """
    /// 09:30 in Hà Nội; the campaign waits 10 minutes.
    static let events = """
        {"customer": "LAN", "kind": "order_paid", "at": "2026-12-07T09:30:00+07:00", "id": "DH-1042", "properties": {"amount": 1250000}}
        {"customer": "JOHN", "kind": "order_paid", "at": "2026-12-07T09:30:00+07:00", "id": "DH-1043", "properties": {"amount": 1250000}}
        {"customer": "PABLO", "kind": "order_paid", "at": "2026-12-07T09:30:00+07:00", "id": "DH-1044", "properties": {"amount": 99000}}
        """
    static let now = "2026-12-07T09:45:00+07:00"

    static let vietnamese = "Hoa Mai đã nhận đơn DH-1042 ngày 7 tháng 12, 2026, tổng cộng 1.250.000 ₫."
    static let english = "We received your order DH-1043 of December 7, 2026, ₫1,250,000 in total."
    static let fallback = "We received your order DH-1044 of December 7, 2026, ₫99,000 in total."
    static let signature = "Cửa hàng Hoa Mai · 12 Hàng Bạc, Hà Nội · hoamai.example"

    struct PreviewLine: Decodable {
        var customer: String
        var subject: String?
        var text: String?

        enum CodingKeys: String, CodingKey {
            case customer = "customer_id", subject, text
        }
    }

    @Test func aThankYouNamesTheOrderAndItsAmountInEachCustomersLanguage() async throws {
        try await withSMTPServer { server in
            let shipped = try TwoMonthsEndToEndTests.shippedCampaigns()
            let setup = try Deployment(
                smtpURL: server.url,
                campaignFiles: [
                    "order-thanks.yml": try #require(shipped["order-thanks.yml.example"]),
                    "partials/signature.mustache": try #require(shipped["partials/signature.mustache"]),
                ])
            defer { setup.cleanUp() }
            try setup.appendToConfig("language: vi")
            let check = try await setup.cli.run(["check"])
            try #require(check.status == 0, "\(check)")
            try await TwoMonthsEndToEndTests.importFile(
                setup, kind: "customers", text: Self.customers, at: "2026-12-07T09:00:00+07:00", name: "customers")
            try await TwoMonthsEndToEndTests.importFile(
                setup, kind: "events", text: Self.events, at: "2026-12-07T09:35:00+07:00", name: "orders")

            let preview = try await setup.cli.run(["preview", "--json", "--now", Self.now])
            try #require(preview.status == 0, "\(preview)")
            let lines = try preview.stdout.split(separator: "\n").map {
                try JSONDecoder().decode(PreviewLine.self, from: Data($0.utf8))
            }
            #expect(lines.first { $0.customer == "LAN" }?.text?.contains(Self.vietnamese) == true, "\(preview.stdout)")
            #expect(lines.first { $0.customer == "JOHN" }?.subject == "Thank you for order DH-1043")

            let sample = try await setup.cli.run([
                "send-test", "--campaign", "order-thanks", "--customer", "LAN", "--to", "reviewer@hoamai.example",
                "--now", Self.now,
            ])
            try #require(sample.status == 0, "\(sample)")
            let samples = try server.messages()
            try #require(samples.count == 1)
            let test = try await DecodedMessage(raw: samples[0].content, scratch: setup.directory)
            #expect(test.subject == "[TEST] Cảm ơn bạn đã đặt đơn DH-1042", "\(test)")
            #expect(test.text?.contains(Self.vietnamese) == true, "\(test.text ?? "")")

            let run = try await setup.cli.run(["run", "--once", "--now", Self.now])
            try #require(run.status == 0, "\(run)")
            let received = try server.messages().dropFirst()
            try #require(received.count == 3, "\(received.map(\.rcptTos))")
            var byRecipient: [String: DecodedMessage] = [:]
            for message in received {
                byRecipient[message.rcptTos.joined()] = try await DecodedMessage(
                    raw: message.content, scratch: setup.directory)
            }
            // Mail lines end in CRLF; the text as a reader sees it.
            func readable(_ message: DecodedMessage) -> String {
                (message.text ?? "").replacingOccurrences(of: "\r\n", with: "\n")
            }
            let lan = try #require(byRecipient["lan@example.vn"])
            #expect(lan.subject == "Cảm ơn bạn đã đặt đơn DH-1042")
            #expect(
                readable(lan).hasPrefix(
                    "Chào Lan,\n\n\(Self.vietnamese)\nChúng tôi sẽ báo bạn khi đơn được giao.\n\n\(Self.signature)\n"),
                "\(readable(lan))")
            let john = try #require(byRecipient["john@example.com"])
            #expect(john.subject == "Thank you for order DH-1043")
            #expect(
                readable(john).hasPrefix(
                    "Hi John,\n\n\(Self.english)\nWe will let you know when it ships.\n\n\(Self.signature)\n"),
                "\(readable(john))")
            let pablo = try #require(byRecipient["pablo@example.mx"])
            #expect(pablo.subject == "Thank you for order DH-1044", "es-MX falls back to en, not the default")
            #expect(pablo.text?.contains(Self.fallback) == true, "\(pablo.text ?? "")")
            for message in byRecipient.values { #expect(message.defects.isEmpty, "\(message.defects)") }
        }
    }

    @Test func checkNamesAMissingPartialAndABadFallbackAtTheirLines() async throws {
        let setup = try Deployment(
            smtpURL: "smtp://127.0.0.1:1",
            campaignFiles: [
                "thanks.yml": """
                id: thanks
                category: transactional
                trigger: { kind: event, kinds: [order_paid] }
                message:
                  subject: "Đơn {{event.id}}"
                  text: thanks.txt
                """,
                "thanks.txt": "Cảm ơn bạn!\n\n{{> footer}}\n",
                "fallback.yml": """
                id: fallback
                category: transactional
                trigger: { kind: event, kinds: [order_paid] }
                message:
                  subject: "Đơn {{event.id}}"
                  text: "Cảm ơn"
                  locales:
                    en: { subject: "Order {{event.id}}", text: "Thanks" }
                  fallback: [en, es]
                """,
            ])
        defer { setup.cleanUp() }
        let check = try await setup.cli.run(["check"])
        #expect(check.status != 0)
        let output = check.stdout + check.stderr
        #expect(output.contains("campaigns/thanks.txt:3:1: message.text: no partial 'footer'"), "\(output)")
        #expect(output.contains("campaigns/fallback.yml:9:18: message.fallback[1]: 'es' has no variant"), "\(output)")
    }
}
