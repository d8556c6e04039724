import Foundation
import RapportCore
import Testing

@Suite struct MessageTrackingTests {
    let now = Timestamp.parse("2026-11-23T09:00:00+07:00")!
    let signer = LinkSigner(secret: Array("tracking-test-key-with-32-bytes!!!!!".utf8))!
    let here = SourceLocation(file: "offer.yml", line: 1, column: 1)

    func message(tracking: MessageTracking) throws -> OutgoingMessage {
        var campaign = Campaign(
            id: "offer", category: .marketing, transport: "default",
            trigger: .birthday(BirthdayTrigger(at: LocalTime(hour: 9, minute: 0)!)),
            message: CampaignMessage(
                MessageContent(
                    subject: try Template("Ưu đãi", kind: .text, location: here),
                    text: try Template("Xem https://hoamai.example/shop?a=1&b=2", kind: .text, location: here),
                    html: try Template(
                        """
                        <html><body><a href="https://hoamai.example/shop?a=1&amp;b=2">Shop</a>
                        <a href='http://blog.example/p'>Blog</a> <a href="mailto:hi@hoamai.example">Mail</a>
                        <a href="{{unsubscribe_url}}">Hủy</a> <a href="https://x.example/?n={{first_name}}">X</a></body></html>
                        """, kind: .html, location: here, extraFields: Campaign.linkFields))),
            sourceFile: "offer.yml")
        campaign.tracking = tracking
        var customer = Customer(id: "C1", email: "c1@example.vn")
        customer.firstName = "Lan Anh"
        return try CampaignEvaluator(
            campaign: campaign, sender: SenderIdentity(from: try Mailbox(parsing: "hello@hoamai.example")),
            defaultZone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!,
            links: LinkSettings(baseURL: "https://hoamai.example/r", signer: signer, npsExpiry: TimeSpan("30d")!)
        ).delivery(for: customer, occurrence: OccurrenceKey(rawValue: "birthday:2026"), at: now).get().message
    }

    func hrefs(_ html: String) -> [String] {
        html.components(separatedBy: "href=").dropFirst().map {
            String($0.dropFirst().prefix { $0 != "\"" && $0 != "'" })
        }
    }

    @Test func offByDefault() throws {
        let message = try message(tracking: MessageTracking())
        #expect(hrefs(message.html!).first == "https://hoamai.example/shop?a=1&amp;b=2")
        #expect(!message.html!.contains("/o/"))
    }

    @Test func clicksBecomeSignedRedirectsToTheExactURLsOfTheMessage() throws {
        let message = try message(tracking: MessageTracking(clicks: true))
        let links = hrefs(message.html!)
        #expect(links.count == 5)
        let targets = links.map { link -> String? in
            guard link.hasPrefix("https://hoamai.example/r/c/") else { return nil }
            return signer.verify(
                String(link.dropFirst("https://hoamai.example/r/c/".count)), purpose: .click, at: now)?.target
        }
        #expect(targets[0] == "https://hoamai.example/shop?a=1&b=2", "the HTML escape is undone before signing")
        #expect(targets[1] == "http://blog.example/p")
        #expect(targets[2] == nil && links[2] == "mailto:hi@hoamai.example")
        #expect(targets[3] == nil && links[3].hasPrefix("https://hoamai.example/r/u/"), "own links stay direct")
        #expect(targets[4] == nil && links[4] == "https://x.example/?n=Lan Anh", "a URL with a space is left alone")
        #expect(message.text == "Xem https://hoamai.example/shop?a=1&b=2", "the text part is not rewritten")
        let token = try #require(
            signer.verify(String(links[0].dropFirst("https://hoamai.example/r/c/".count)), purpose: .click, at: now))
        #expect(token.customerID == "C1" && token.campaignID == "offer" && token.expiresAt == nil)
        #expect(
            signer.verify(String(links[0].dropFirst("https://hoamai.example/r/c/".count)), purpose: .open, at: now)
                == nil)
    }

    @Test func opensAddAnImageBeforeTheBodyEnds() throws {
        let html = try message(tracking: MessageTracking(opens: true)).html!
        let image = try #require(html.range(of: "<img src=\"https://hoamai.example/r/o/v1."))
        #expect(html.range(of: "</body>")!.lowerBound > image.lowerBound)
        #expect(html.contains("width=\"1\" height=\"1\" alt=\"\""))
    }
}
