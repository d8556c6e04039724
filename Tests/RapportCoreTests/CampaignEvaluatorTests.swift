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

    /// Each due customer's message as a worker would render it now.
    func rendered(_ customers: [Customer], campaign: Campaign? = nil, at time: Date? = nil) throws -> [Result<
        Delivery, CampaignEvaluator.Unsendable
    >] {
        let evaluator = try evaluator(campaign ?? self.campaign())
        let byID = Dictionary(uniqueKeysWithValues: customers.map { ($0.id, $0) })
        return evaluator.decisions(for: customers, at: time ?? now).map { decision in
            #expect(decision.action == .send)
            return evaluator.delivery(for: byID[decision.customerID]!, occurrence: decision.occurrence, at: time ?? now)
        }
    }

    @Test func sendsToEligibleCustomersInTheirLanguage() throws {
        let deliveries = try rendered([customer("C1"), customer("C2", locale: "en-GB"), customer("C3", plan: "bronze")])
            .map { try $0.get() }
        #expect(deliveries.map(\.message.subject) == ["Chào mừng Nhung!", "Welcome, Nhung!"])
        #expect(deliveries.first?.message.to.mailbox?.displayName == "Nguyễn Thị Nhung")
        #expect(deliveries.first?.occurrence == WelcomeTrigger.occurrence)
    }

    @Test func unsubscribedGetOnlyTransactionalMail() throws {
        let unsubscribed = customer("C1", subscription: .unsubscribed)
        #expect(try evaluator(campaign()).decisions(for: [unsubscribed], at: now).isEmpty)
        #expect(try evaluator(campaign(category: .transactional)).decisions(for: [unsubscribed], at: now).count == 1)
    }

    @Test func badAddressOrMissingFieldMakesOnlyThatCustomersMessageUnsendable() throws {
        let results = try rendered([customer("C1", email: "an@@bad"), customer("C2", firstName: nil), customer("C3")])
        #expect(results.count == 3)
        guard case .failure(let address) = results[0], case .failure(let field) = results[1],
            case .success = results[2]
        else {
            Issue.record("C1 and C2 should be unsendable, C3 sent: \(results)")
            return
        }
        #expect(address.reason.contains("an@@bad"))
        #expect(field.reason.contains("first_name"))
    }

    @Test func messageIDIsTheSameForTheSameOccurrence() throws {
        let first = try #require(try rendered([customer("C1")]).first).get()
        let second = try #require(try rendered([customer("C1")], at: now.addingTimeInterval(3600)).first).get()
        #expect(first.message.messageID == second.message.messageID)
        #expect(first.message.messageID.value.hasSuffix("@hoamai.example"))
    }

    @Test func lineBreaksInCustomerDataBecomeSpacesInNameAndSubject() throws {
        let hostile = customer("C1", firstName: "An\r\nBcc: x@evil.example\u{2028}")
        let delivery = try #require(try rendered([hostile]).first).get()
        #expect(delivery.message.subject == "Chào mừng An Bcc: x@evil.example !")
        #expect(delivery.message.to.mailbox?.displayName == "Nguyễn Thị An Bcc: x@evil.example")
    }

    @Test func perCategoryUnsubscribeKeepsTheOtherCategories() throws {
        var noMarketing = customer("C1")
        noMarketing.unsubscribedCategories = [.marketing]
        #expect(try evaluator(campaign(category: .marketing)).decisions(for: [noMarketing], at: now).isEmpty)
        #expect(try evaluator(campaign(category: .survey)).decisions(for: [noMarketing], at: now).count == 1)
        #expect(try evaluator(campaign(category: .transactional)).decisions(for: [noMarketing], at: now).count == 1)
    }
}
