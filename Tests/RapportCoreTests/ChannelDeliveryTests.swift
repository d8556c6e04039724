import Foundation
import RapportCore
import Testing

/// What a campaign's channels render for one customer: the address each transport uses, a text
/// for SMS without mail headers, a Zalo template's data, and why a channel cannot take a customer.
@Suite struct ChannelDeliveryTests {
    let here = SourceLocation(file: "birthday.yml", line: 1, column: 1)
    let now = Timestamp.parse("2027-03-08T09:00:00+07:00")!
    let occurrence = OccurrenceKey(rawValue: "2027")

    func template(_ text: String) throws -> Template { try Template(text, kind: .text, location: here) }

    func evaluator() throws -> CampaignEvaluator {
        var campaign = Campaign(
            id: "birthday", category: .marketing, transport: "zalo", trigger: .birthday(BirthdayTrigger(at: LocalTime(hour: 9, minute: 0)!)),
            message: CampaignMessage(
                MessageContent(
                    subject: try template("Chúc mừng sinh nhật {{first_name}}"),
                    text: try template("Chúc mừng!"), html: try template("<p>Chúc mừng!</p>"))),
            sourceFile: "birthday.yml")
        campaign.channels = [
            CampaignChannel(
                transport: "zalo",
                zns: ZNSTemplate(
                    templateID: "231677",
                    parameters: [
                        .init(name: "customer_name", value: try template("{{full_name}}")),
                        .init(name: "note", value: try template("{{attributes.note}}"), maximumLength: 10),
                    ])),
            CampaignChannel(
                transport: "sms",
                message: CampaignMessage(
                    MessageContent(subject: try template(""), text: try template("SN vui vẻ {{first_name}}!")))),
            CampaignChannel(transport: "default"),
        ]
        var evaluator = CampaignEvaluator(
            campaign: campaign, sender: SenderIdentity(from: try Mailbox(parsing: "Hoa Mai <hello@hoamai.example>")),
            defaultZone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!,
            links: LinkSettings(
                baseURL: "https://hoamai.example/r", signer: LinkSigner(secret: Array(repeating: 7, count: 32))!,
                npsExpiry: TimeSpan(seconds: 86_400)))
        evaluator.addressKinds = ["zalo": .phone, "sms": .phone]
        return evaluator
    }

    let both = Customer(
        id: "C1", email: "nhung@example.vn", phone: "+84912345678", firstName: "Hồng Nhung", lastName: "Nguyễn Thị",
        locale: "vi", attributes: ["note": .string("VIP")])

    @Test func zaloGetsTheTemplateAndItsDataForThePhone() throws {
        let delivery = try evaluator().delivery(for: both, occurrence: occurrence, at: now, channel: 0).get()
        #expect(delivery.message.to == Recipient.phone(PhoneNumber(e164: "+84912345678")!))
        #expect(delivery.zns == ZNSMessage(templateID: "231677", data: ["customer_name": "Nguyễn Thị Hồng Nhung", "note": "VIP"]))
        #expect(delivery.transport == "zalo")
        #expect(delivery.message.html == nil)
        #expect(delivery.message.extraHeaders.isEmpty, "no List-Unsubscribe on a phone message")
    }

    @Test func smsGetsItsOwnTextAndTheLedgerShowsItsStart() throws {
        let delivery = try evaluator().delivery(for: both, occurrence: occurrence, at: now, channel: 1).get()
        #expect(delivery.message.text == "SN vui vẻ Hồng Nhung!")
        #expect(delivery.message.subject == "SN vui vẻ Hồng Nhung!")
        #expect(delivery.message.to.address == "+84912345678")
        #expect(MessageComposer.compose(delivery.message).count > 0)
    }

    @Test func emailGetsTheCampaignMessageWithItsUnsubscribeHeader() throws {
        let delivery = try evaluator().delivery(for: both, occurrence: occurrence, at: now, channel: 2).get()
        #expect(delivery.message.to.address == "nhung@example.vn")
        #expect(delivery.message.subject == "Chúc mừng sinh nhật Hồng Nhung")
        #expect(delivery.message.html == "<p>Chúc mừng!</p>")
        #expect(delivery.message.extraHeaders.map(\.name).contains("List-Unsubscribe"))
        #expect(delivery.zns == nil)
    }

    @Test func aChannelSaysWhyItCannotTakeTheCustomer() throws {
        let evaluator = try evaluator()
        var emailOnly = both
        emailOnly.phone = nil
        #expect(evaluator.delivery(for: emailOnly, occurrence: occurrence, at: now, channel: 0).failureReason == "no phone for zalo")
        var phoneOnly = both
        phoneOnly.email = nil
        #expect(evaluator.delivery(for: phoneOnly, occurrence: occurrence, at: now, channel: 2).failureReason == "no email for default")
        var chatty = both
        chatty.attributes["note"] = .string("một ghi chú dài")
        let reason = evaluator.delivery(for: chatty, occurrence: occurrence, at: now, channel: 0).failureReason
        #expect(reason?.contains("note is 15 characters") == true, "\(reason ?? "")")
    }
}

extension Result where Failure == CampaignEvaluator.Unsendable {
    fileprivate var failureReason: String? {
        if case .failure(let unsendable) = self { return unsendable.reason }
        return nil
    }
}
