import Foundation
import RapportCore
import Testing

/// Templates of event-driven messages (issue 16): the triggering event's fields, dates and đồng
/// amounts written as the message's language does, partials, and the variant fallback chain.
@Suite struct EventTemplateTests {
    let location = SourceLocation(file: "order-thanks.yml", line: 1, column: 1)
    let customer = Customer(id: "C1", email: "lan@example.vn", firstName: "Lan", locale: "vi")
    static let hanoi = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
    /// 2026-12-06T23:30Z is already the 7th in Hà Nội.
    let order = CustomerEvent(
        customerID: "C1", kind: "order_paid", occurredAt: Date(timeIntervalSince1970: 1_796_599_800),
        externalID: "DH-1042", properties: ["amount": .number(1_250_000)])

    func render(
        _ text: String, _ language: DisplayLanguage, kind: Template.Kind = .text,
        partials: [String: TemplatePartial] = [:], event: CustomerEvent? = nil
    ) throws -> String {
        let template = try Template(
            text, kind: kind, location: location, extraFields: EventTrigger.eventFields, partials: partials)
        return try template.render(
            TemplateValues(
                customer: customer, event: event ?? order,
                formatting: ValueFormatting(language: language, zone: Self.hanoi)))
    }

    @Test(arguments: [
        (DisplayLanguage.vi, "Đơn DH-1042 ngày 7 tháng 12, 2026: 1.250.000 ₫"),
        (DisplayLanguage.en, "Đơn DH-1042 ngày December 7, 2026: ₫1,250,000"),
    ])
    func eventFieldsWithDateAndMoneyInTheMessagesLanguage(language: DisplayLanguage, expected: String) throws {
        #expect(
            try render(
                "Đơn {{event.id}} ngày {{#date}}{{event.occurred_at}}{{/date}}: {{#money}}{{event.properties.amount}}{{/money}}",
                language) == expected)
    }

    @Test func rawEventFieldsReadAsStoredInTheCustomersZone() throws {
        #expect(
            try render("{{event.kind}} {{event.occurred_at}} {{event.properties.amount}}", .vi)
                == "order_paid 2026-12-07T06:30:00+07:00 1250000")
    }

    @Test func numbersAndDatesByHand() {
        #expect(DisplayLanguage.vi.number(1_234_567.891, decimals: 2) == "1.234.567,89")
        #expect(DisplayLanguage.en.number(-0.05, decimals: 1) == "−0.1")
        #expect(DisplayLanguage.en.number(999.5) == "1,000")
        #expect(DisplayLanguage.vi.dong(0) == "0 ₫")
        #expect(DisplayLanguage.en.dong(-50_000) == "−₫50,000")
        #expect(DisplayLanguage.vi.date(LocalDate("0000-02-29")!) == "29 tháng 2", "a birthday without its year")
        #expect(DisplayLanguage(tag: "vi_VN") == .vi && DisplayLanguage(tag: "es-MX") == .en)
    }

    @Test func aValueTheHelperCannotReadMakesTheMessageUnsendableWithItsPlace() throws {
        let odd = CustomerEvent(
            customerID: "C1", kind: "order_paid", occurredAt: order.occurredAt, properties: ["amount": .string("abc")])
        let error = #expect(throws: TemplateError.self) {
            try render("Tổng:\n  {{#money}}{{event.properties.amount}}{{/money}}", .vi, event: odd)
        }
        #expect(error?.code == .unreadableValue)
        #expect(error?.location == SourceLocation(file: "order-thanks.yml", line: 2, column: 3))
        #expect(error?.message.contains("'abc'") == true, "\(error?.message ?? "")")
    }

    @Test func eventFieldsAreUnknownOutsideEventCampaigns() {
        let error = #expect(throws: TemplateError.self) {
            try Template("Đơn {{event.id}}", kind: .text, location: location, extraFields: Campaign.linkFields)
        }
        #expect(error?.code == .unknownField && error?.field == "event.id")
    }

    @Test func anEventWithoutTheFieldIsSkippedNotSentWithAHole() {
        let bare = CustomerEvent(customerID: "C1", kind: "order_paid", occurredAt: order.occurredAt)
        let error = #expect(throws: TemplateError.self) { try render("Đơn {{event.id}}", .vi, event: bare) }
        #expect(error?.code == .missingValue && error?.field == "event.id")
    }

    @Test func partialsAreIncludedCheckedInTheirOwnFileAndEscapedInHTML() throws {
        let footer = TemplatePartial(
            text: "<p>{{first_name}} · Hoa Mai</p>",
            location: SourceLocation(file: "partials/footer.mustache", line: 1, column: 1))
        let evil = Customer(id: "C2", email: "x@example.vn", firstName: "<b>X</b>")
        let template = try Template(
            "<p>Đơn {{event.id}}</p>{{> footer}}", kind: .html, location: location,
            extraFields: EventTrigger.eventFields, partials: ["footer": footer])
        #expect(
            try template.render(TemplateValues(customer: evil, event: order))
                == "<p>Đơn DH-1042</p><p>&lt;b&gt;X&lt;/b&gt; · Hoa Mai</p>")

        let missing = #expect(throws: TemplateError.self) {
            try Template("Chào\n  {{> signature}}", kind: .text, location: location, partials: ["footer": footer])
        }
        #expect(missing?.code == .missingPartial && missing?.field == "signature")
        #expect(missing?.location == SourceLocation(file: "order-thanks.yml", line: 2, column: 3))

        let typo = TemplatePartial(
            text: "\n{{frist_name}}", location: SourceLocation(file: "partials/bad.mustache", line: 1, column: 1))
        let inPartial = #expect(throws: TemplateError.self) {
            try Template("{{> bad}}", kind: .text, location: location, partials: ["bad": typo])
        }
        #expect(inPartial?.location == SourceLocation(file: "partials/bad.mustache", line: 2, column: 1))

        let loop = TemplatePartial(
            text: "{{> loop}}", location: SourceLocation(file: "partials/loop.mustache", line: 1, column: 1))
        #expect(throws: TemplateError.self) {
            try Template("{{> loop}}", kind: .text, location: location, partials: ["loop": loop])
        }
    }

    /// The default message is Vietnamese (the shop's `language`); the campaign has an `en` variant
    /// and `fallback: [en]`.
    @Test(
        arguments: [
            ("vi-VN", nil), ("es-MX", "en"), ("en-GB", "en"), (nil, nil), ("fr", "en"),
        ] as [(String?, String?)])
    func fallbackChainPicksTheFirstVariantTheCampaignHas(locale: String?, expected: String?) throws {
        func content(_ subject: String) throws -> MessageContent {
            MessageContent(
                subject: try Template(subject, kind: .text, location: location),
                text: try Template(subject, kind: .text, location: location))
        }
        let message = CampaignMessage(try content("mặc định"), locales: ["en": try content("en")], fallback: ["en"])
        #expect(message.variant(for: locale, defaultLanguage: .vi).tag == expected)
        let withoutFallback = CampaignMessage(try content("mặc định"), locales: ["en": try content("en")])
        #expect(withoutFallback.variant(for: "es-MX", defaultLanguage: .vi).tag == nil, "no fallback: the default")
    }
}
