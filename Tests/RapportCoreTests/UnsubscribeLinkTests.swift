import Foundation
import RapportCore
import Testing

@Suite struct UnsubscribeLinkTests {
    let now = Timestamp.parse("2026-11-23T09:00:00+07:00")!
    let signer = LinkSigner(secret: Array("unsubscribe-test-key-with-32-bytes!!".utf8))!
    let here = SourceLocation(file: "offer.yml", line: 1, column: 1)

    func evaluator(_ category: MessageCategory, links: Bool = true) throws -> CampaignEvaluator {
        let campaign = Campaign(
            id: "offer", category: category, transport: "default",
            trigger: .birthday(BirthdayTrigger(at: LocalTime(hour: 9, minute: 0)!)),
            message: CampaignMessage(
                MessageContent(
                    subject: try Template("Ưu đãi", kind: .text, location: here),
                    text: try Template(
                        "Chào {{first_name}}. Hủy: {{#unsubscribe_url}}{{unsubscribe_url}}{{/unsubscribe_url}}",
                        kind: .text, location: here, extraFields: Campaign.linkFields),
                    html: try Template(
                        "<p>Chào {{first_name}}</p>", kind: .html, location: here, extraFields: Campaign.linkFields))),
            sourceFile: "offer.yml")
        return CampaignEvaluator(
            campaign: campaign, sender: SenderIdentity(from: try Mailbox(parsing: "hello@hoamai.example")),
            defaultZone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!,
            links: links
                ? LinkSettings(baseURL: "https://hoamai.example/r", signer: signer, npsExpiry: TimeSpan("30d")!) : nil)
    }

    var customer: Customer {
        var customer = Customer(id: "C1", email: "c1@example.vn")
        customer.firstName = "<script>{{x}}</script>"
        return customer
    }

    @Test(arguments: [MessageCategory.marketing, .survey])
    func marketingAndSurveyMailCarriesOneClickUnsubscribe(category: MessageCategory) throws {
        let occurrence = OccurrenceKey(rawValue: "birthday:2026")
        let message = try evaluator(category).delivery(for: customer, occurrence: occurrence, at: now).get().message
        let headers = Dictionary(uniqueKeysWithValues: message.extraHeaders.map { ($0.name, $0.value) })
        let header = try #require(headers["List-Unsubscribe"])
        #expect(headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click")
        #expect(header.hasPrefix("<https://hoamai.example/r/u/v1.") && header.hasSuffix(">"))
        let token = String(header.dropFirst("<https://hoamai.example/r/u/".count).dropLast())
        let verified = try #require(
            signer.verify(token, purpose: .unsubscribe, at: now.addingTimeInterval(10 * 365 * 86_400)))
        #expect(verified.customerID == "C1" && verified.campaignID == "offer" && verified.occurrence == occurrence)
        #expect(verified.expiresAt == nil)
        #expect(signer.verify(token, purpose: .nps, at: now) == nil)
        #expect(message.text.hasSuffix("Hủy: \(header.dropFirst().dropLast())"))
        let bytes = String(decoding: MessageComposer.compose(message), as: UTF8.self)
        #expect(bytes.contains("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"))
    }

    @Test func transactionalMailHasNoUnsubscribeHeader() throws {
        let message = try evaluator(.transactional).delivery(
            for: customer, occurrence: OccurrenceKey(rawValue: "birthday:2026"), at: now
        ).get().message
        #expect(message.extraHeaders.isEmpty)
    }

    @Test func withoutLinksTheGuardedLinkIsLeftOut() throws {
        let message = try evaluator(.marketing, links: false).delivery(
            for: customer, occurrence: OccurrenceKey(rawValue: "birthday:2026"), at: now
        ).get().message
        #expect(message.extraHeaders.isEmpty)
        #expect(message.text.hasSuffix("Hủy: "))
    }

    @Test func hostileNameRendersEscapedInHTMLAndLiteralInText() throws {
        let message = try evaluator(.marketing).delivery(
            for: customer, occurrence: OccurrenceKey(rawValue: "birthday:2026"), at: now
        ).get().message
        #expect(message.html == "<p>Chào &lt;script&gt;{{x}}&lt;/script&gt;</p>")
        #expect(message.text.hasPrefix("Chào <script>{{x}}</script>."))
    }
}
