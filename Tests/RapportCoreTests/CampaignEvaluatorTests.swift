import Foundation
import RapportCore
import Testing

@Suite struct CampaignEvaluatorTests {
    let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
    let now = Timestamp.parse("2026-11-23T09:00:00+07:00")!

    func campaign(category: MessageCategory = .marketing) throws -> Campaign {
        let here = SourceLocation(file: "welcome.yml", line: 1, column: 1)
        return Campaign(
            id: "welcome", category: category, transport: "default",
            trigger: .welcome(WelcomeTrigger(delay: TimeSpan("1h")!, since: LocalDate("2026-01-01")!)),
            audience: Audience([AudienceCondition(attribute: "plan", test: .isIn(["gold", "silver"]))]),
            message: CampaignMessage(
                MessageContent(
                    subject: try Template("Chào mừng {{first_name}}!", kind: .text, location: here),
                    text: try Template("Chào {{first_name}}", kind: .text, location: here)),
                locales: [
                    "en": MessageContent(
                        subject: try Template("Welcome, {{first_name}}!", kind: .text, location: here),
                        text: try Template("Hi {{first_name}}", kind: .text, location: here))
                ]),
            sourceFile: "welcome.yml")
    }

    func evaluator(_ campaign: Campaign) throws -> CampaignEvaluator {
        CampaignEvaluator(
            campaign: campaign, sender: SenderIdentity(from: try Mailbox(parsing: "Hoa Mai <hello@hoamai.example>")),
            defaultZone: zone)
    }

    func customer(
        _ id: String, plan: String = "gold", email: String? = nil, firstName: String? = "Nhung",
        locale: String = "vi", subscription: SubscriptionStatus = .subscribed
    ) -> Customer {
        Customer(
            id: id, email: email ?? "\(id.lowercased())@example.vn", firstName: firstName, lastName: "Nguyễn Thị",
            locale: locale, signedUpAt: Timestamp.parse("2026-11-20T09:00:00+07:00"),
            attributes: ["plan": .string(plan)], subscription: subscription)
    }

    @Test func sendsToEligibleCustomersInTheirLanguage() throws {
        let decisions = try evaluator(campaign()).decisions(
            for: [customer("C1"), customer("C2", locale: "en-GB"), customer("C3", plan: "bronze")], at: now)
        let subjects = decisions.compactMap { if case .send(let d) = $0 { d.message.subject } else { nil } }
        #expect(subjects == ["Chào mừng Nhung!", "Welcome, Nhung!"])
        let first = try #require(decisions.first.flatMap { if case .send(let d) = $0 { d } else { nil } })
        #expect(first.message.to.displayName == "Nguyễn Thị Nhung")
        #expect(first.occurrence == WelcomeTrigger.occurrence)
    }

    @Test func unsubscribedGetOnlyTransactionalMail() throws {
        let unsubscribed = customer("C1", subscription: .unsubscribed)
        #expect(try evaluator(campaign()).decisions(for: [unsubscribed], at: now).isEmpty)
        #expect(try evaluator(campaign(category: .transactional)).decisions(for: [unsubscribed], at: now).count == 1)
    }

    @Test func badAddressOrMissingFieldSkipsOnlyThatCustomer() throws {
        let decisions = try evaluator(campaign()).decisions(
            for: [customer("C1", email: "an@@bad"), customer("C2", firstName: nil), customer("C3")], at: now)
        #expect(decisions.count == 3)
        guard case .skip(_, "C1", _, let addressReason) = decisions[0] else {
            Issue.record("C1 should be skipped")
            return
        }
        #expect(addressReason.contains("an@@bad"))
        guard case .skip(_, "C2", _, let fieldReason) = decisions[1] else {
            Issue.record("C2 should be skipped")
            return
        }
        #expect(fieldReason.contains("first_name"))
        guard case .send = decisions[2] else {
            Issue.record("C3 should be sent")
            return
        }
    }

    @Test func messageIDIsTheSameForTheSameOccurrence() throws {
        let a = try evaluator(campaign()).decisions(for: [customer("C1")], at: now)
        let b = try evaluator(campaign()).decisions(for: [customer("C1")], at: now.addingTimeInterval(3600))
        guard case .send(let first) = a.first, case .send(let second) = b.first else {
            Issue.record("expected sends")
            return
        }
        #expect(first.message.messageID == second.message.messageID)
        #expect(first.message.messageID.value.hasSuffix("@hoamai.example"))
    }

    @Test func lineBreaksInCustomerDataBecomeSpacesInNameAndSubject() throws {
        let hostile = customer("C1", firstName: "An\r\nBcc: x@evil.example\u{2028}")
        guard case .send(let delivery) = try evaluator(campaign()).decisions(for: [hostile], at: now).first else {
            Issue.record("expected a send")
            return
        }
        #expect(delivery.message.subject == "Chào mừng An Bcc: x@evil.example !")
        #expect(delivery.message.to.displayName == "Nguyễn Thị An Bcc: x@evil.example")
    }

    @Test func perCategoryUnsubscribeKeepsTheOtherCategories() throws {
        var noMarketing = customer("C1")
        noMarketing.unsubscribedCategories = [.marketing]
        #expect(try evaluator(campaign(category: .marketing)).decisions(for: [noMarketing], at: now).isEmpty)
        #expect(try evaluator(campaign(category: .survey)).decisions(for: [noMarketing], at: now).count == 1)
        #expect(try evaluator(campaign(category: .transactional)).decisions(for: [noMarketing], at: now).count == 1)
    }
}
