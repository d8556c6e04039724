import Foundation
import RapportCore
import Testing

@Suite struct TestSampleTests {
    let saigon = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
    let now = Timestamp.parse("2026-11-23T09:00:00+07:00")!

    func evaluator(_ trigger: Trigger) throws -> CampaignEvaluator {
        let here = SourceLocation(file: "welcome.yml", line: 1, column: 1)
        let message = CampaignMessage(
            MessageContent(
                subject: try Template("Chào {{first_name}}", kind: .text, location: here),
                text: try Template("Xin chào", kind: .text, location: here)))
        return CampaignEvaluator(
            campaign: Campaign(
                id: "welcome", category: .marketing, transport: "default", trigger: trigger, message: message,
                sourceFile: "welcome.yml"),
            sender: SenderIdentity(from: try Mailbox(parsing: "Hoa Mai <hello@hoamai.example>")), defaultZone: saigon)
    }

    let customer = Customer(
        id: "C42", email: "nhung@example.vn", firstName: "Nhung",
        signedUpAt: Timestamp.parse("2026-11-01T09:00:00+07:00"))

    @Test func aSampleGoesToTheReviewerMarkedAndWithAMessageIDOfItsOwn() throws {
        let evaluator = try evaluator(.welcome(WelcomeTrigger(delay: TimeSpan("1h")!, since: LocalDate("2026-01-01")!)))
        let real = try evaluator.delivery(for: customer, occurrence: WelcomeTrigger.occurrence, at: now).get()
        let sample = try evaluator.testSample(
            for: customer, to: try EmailAddress("reviewer@hoamai.example"), at: now, nonce: "n1"
        ).get()
        #expect(sample.message.to.address == "reviewer@hoamai.example")
        #expect(sample.message.subject == "[TEST] Chào Nhung")
        #expect(sample.message.messageID.value == "test-n1.\(real.message.messageID.value)")
        #expect(sample.occurrence == WelcomeTrigger.occurrence)
        let bytes = String(decoding: MessageComposer.compose(sample.message), as: UTF8.self)
        #expect(bytes.contains("\r\nX-Rapport-Test: yes\r\n"))
        #expect(!bytes.contains("nhung@example.vn"))
    }

    @Test func aSampleRendersTheOpenOccurrenceElseTheNextElseTheLatest() throws {
        let drip = try evaluator(
            .welcome(
                WelcomeTrigger(
                    steps: [.init(delay: TimeSpan("1h")!), .init(delay: TimeSpan("3d")!)],
                    since: LocalDate("2026-01-01")!)))
        let signedUp = Timestamp.parse("2026-11-01T09:00:00+07:00")!
        #expect(drip.sampleOccurrence(for: customer, at: signedUp).rawValue == "signup")
        #expect(drip.sampleOccurrence(for: customer, at: signedUp.addingTimeInterval(7_200)).rawValue == "signup")
        #expect(drip.sampleOccurrence(for: customer, at: now).rawValue == "signup+3d")
        let nobody = Customer(id: "C1", email: "a@example.vn")
        #expect(drip.sampleOccurrence(for: nobody, at: now) == CampaignEvaluator.sampleOccurrence)
    }
}
