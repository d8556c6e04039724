import Foundation
import RapportCore
import RapportTestSupport
import Testing

/// Request bodies for HTTP APIs: exact bytes, so a provider sees what its documentation shows,
/// and escaping that no customer data can get around.
@Suite("APIRequestShape")
struct APIRequestShapeTests {
    static let key = "8579857b-3d2e-8544-99eb-3d3c82c1cee6"

    static func delivery(
        text: String = "Chào Nguyễn Thị Hồng Nhung,\n<script>alert(\"x\")</script>\tok",
        html: String? = "<p>Chào</p>",
        toName: String? = "Nguyễn Thị Hồng Nhung",
        replyToName: String? = nil,
        attributes: [String: AttributeValue] = ["phone": .string("+84901234567")]
    ) throws -> Delivery {
        let message = try OutgoingMessage.fixture(
            subject: "Nhắc \"gia hạn\"", fromName: "Cửa hàng Hoa Mai", toName: toName, replyToName: replyToName,
            text: text, html: html)
        let customer = Customer(
            id: "C001", email: "nhung@customer.example", firstName: "Hồng Nhung", lastName: "Nguyễn Thị",
            locale: "vi", attributes: attributes)
        return Delivery(
            campaignID: "renewal", customerID: "C001", occurrence: OccurrenceKey(rawValue: "2027-05-21:-7d"),
            message: message, values: TemplateValues(customer: customer))
    }

    static func body(_ shape: APIRequestShape, _ delivery: Delivery) throws -> String {
        String(decoding: try shape.request(for: delivery.envelope).body, as: UTF8.self)
    }

    static func template(_ text: String) throws -> Template {
        try Template(
            text, kind: .json, location: SourceLocation(file: "sms-body.json", line: 1, column: 1),
            extraFields: APIRequestShape.templateFields)
    }

    @Test("json preset: one flat object, sorted keys, escaped text, UTF-8 intact")
    func webhookBody() throws {
        let body = try Self.body(.json, Self.delivery())
        let expected =
            #"{"campaign":"renewal","customer":"C001","date":"2026-11-23T02:00:00Z","from":"hello@hoamai.example","#
            + #""from_name":"Cửa hàng Hoa Mai","html":"<p>Chào<\/p>","idempotency_key":"\#(Self.key)","#
            + #""message_id":"0123456789abcdef.rapport@hoamai.example","occurrence":"2027-05-21:-7d","#
            + #""subject":"Nhắc \"gia hạn\"","#
            + #""text":"Chào Nguyễn Thị Hồng Nhung,\n<script>alert(\"x\")<\/script>\tok","#
            + #""to":"nhung@customer.example","to_name":"Nguyễn Thị Hồng Nhung"}"#
        #expect(body == expected)
        let decoded = try #require(JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: String])
        #expect(decoded["text"] == "Chào Nguyễn Thị Hồng Nhung,\n<script>alert(\"x\")</script>\tok")
    }

    @Test("json preset leaves out what the message lacks")
    func webhookBodyWithoutOptionalFields() throws {
        let body = try Self.body(.json, Self.delivery(text: "Hi", html: nil, toName: nil))
        let decoded = try #require(JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: String])
        #expect(decoded["html"] == nil)
        #expect(decoded["to_name"] == nil)
        #expect(decoded["reply_to"] == nil)
        #expect(decoded["text"] == "Hi")
    }

    @Test("sendgrid preset: the v3 mail/send body, text/plain before text/html")
    func sendGridBody() throws {
        let body = try Self.body(.sendGrid, Self.delivery(replyToName: "Hỗ trợ"))
        let expected =
            #"{"content":[{"type":"text\/plain","value":"Chào Nguyễn Thị Hồng Nhung,\n<script>alert(\"x\")<\/script>\tok"},"#
            + #"{"type":"text\/html","value":"<p>Chào<\/p>"}],"#
            + #""custom_args":{"rapport_campaign":"renewal","rapport_message_id":"0123456789abcdef.rapport@hoamai.example"},"#
            + #""from":{"email":"hello@hoamai.example","name":"Cửa hàng Hoa Mai"},"#
            + #""personalizations":[{"to":[{"email":"nhung@customer.example","name":"Nguyễn Thị Hồng Nhung"}]}],"#
            + #""reply_to":{"email":"care@hoamai.example","name":"Hỗ trợ"},"subject":"Nhắc \"gia hạn\""}"#
        #expect(body == expected)
    }

    @Test("postmark preset: the /email body, names quoted only when they need it")
    func postmarkBody() throws {
        let body = try Self.body(.postmark, Self.delivery(html: nil, toName: "Trần, Minh \"Bin\""))
        let expected =
            #"{"From":"Cửa hàng Hoa Mai <hello@hoamai.example>","#
            + #""Metadata":{"rapport_campaign":"renewal","rapport_message_id":"0123456789abcdef.rapport@hoamai.example"},"#
            + #""Subject":"Nhắc \"gia hạn\"","#
            + #""TextBody":"Chào Nguyễn Thị Hồng Nhung,\n<script>alert(\"x\")<\/script>\tok","#
            + #""To":"\"Trần, Minh \\\"Bin\\\"\" <nhung@customer.example>"}"#
        #expect(body == expected)
    }

    @Test("email presets pass Rapport's extra mail headers on")
    func extraHeaders() throws {
        var delivery = try Self.delivery()
        delivery.message.extraHeaders = [(name: "List-Unsubscribe", value: "<https://hoamai.example/u/1>")]
        let sendGrid = try Self.body(.sendGrid, delivery)
        #expect(sendGrid.contains(#""headers":{"List-Unsubscribe":"<https:\/\/hoamai.example\/u\/1>"}"#))
        let postmark = try Self.body(.postmark, delivery)
        #expect(
            postmark.contains(#""Headers":[{"Name":"List-Unsubscribe","Value":"<https:\/\/hoamai.example\/u\/1>"}]"#))
    }

    @Test("a body template fills in the customer's phone and the message, each value JSON-escaped")
    func templateBody() throws {
        let template = try Self.template(
            """
            {"from": "HoaMai", "to": "{{attributes.phone}}", "text": "{{message.text}}",
             "ref": "{{message.idempotency_key}}", "name": "{{full_name}}"}
            """)
        let hostile = "+84 90\"}, \"admin\": true, \"x\": \"\n</script>\u{1B}"
        let body = try Self.body(.template(template), Self.delivery(attributes: ["phone": .string(hostile)]))
        let expected = """
            {"from": "HoaMai", "to": "+84 90\\"}, \\"admin\\": true, \\"x\\": \\"\\n<\\/script>\\u001b", \
            "text": "Chào Nguyễn Thị Hồng Nhung,\\n<script>alert(\\"x\\")<\\/script>\\tok",
             "ref": "\(Self.key)", "name": "Nguyễn Thị Hồng Nhung"}
            """
        #expect(body == expected)
        let decoded = try #require(JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: String])
        #expect(decoded["to"] == hostile)
        #expect(decoded.keys.sorted() == ["from", "name", "ref", "text", "to"])
    }

    @Test("values survive any text: seeded random strings round-trip through a template")
    func templateEscapingInvariant() throws {
        let seed = SplitMix64.seedForThisRun()
        var generator = SplitMix64(seed: seed)
        let template = try Self.template(#"{"v": "{{attributes.v}}", "t": "{{{attributes.v}}}"}"#)
        let alphabet: [Unicode.Scalar] =
            (0...0x7F).compactMap(Unicode.Scalar.init) + ["ễ", "ị", "ồ", "\u{2028}", "\u{2029}", "😀", "\u{FEFF}"]
        for _ in 0..<300 {
            let length = Int.random(in: 1...24, using: &generator)
            var text = ""
            for _ in 0..<length { text.unicodeScalars.append(alphabet.randomElement(using: &generator)!) }
            let body = try Self.body(.template(template), Self.delivery(attributes: ["v": .string(text)]))
            let decoded = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: String]
            #expect(decoded == ["v": text, "t": text], "seed \(seed): \(text.debugDescription)")
        }
    }

    @Test("a customer without a field the template needs fails for that customer, saying which field")
    func templateMissingField() throws {
        let template = try Self.template(#"{"to": "{{attributes.phone}}"}"#)
        #expect {
            try Self.body(.template(template), Self.delivery(attributes: [:]))
        } throws: { error in
            let error = try #require(error as? TransportError)
            return error.code == .permanent && error.reply.contains("C001 has no attributes.phone")
        }
    }

    @Test("a template whose sections break the JSON for one customer is refused, not sent")
    func templateRenderingInvalidJSON() throws {
        let template = try Self.template(#"{"to": "x"{{#attributes.vip}}, "vip": true{{/attributes.vip}},}"#)
        #expect(APIRequestShape.jsonProblem(in: template) != nil)
        #expect {
            try Self.body(.template(template), Self.delivery())
        } throws: { error in
            (error as? TransportError)?.code == .configuration
        }
    }

    @Test(
        "check renders a template with every field filled in and accepts it only as JSON",
        arguments: [
            (#"{"to": "{{attributes.phone}}", "n": {{attributes.count}}}"#, true),
            (#"{"text": "{{message.text}}"{{#message.html}}, "html": "{{message.html}}"{{/message.html}}}"#, true),
            (#"{"to": "{{attributes.phone}}",}"#, false),
            (#"to={{attributes.phone}}"#, false),
            (#"{"to": ["{{attributes.phone}}",]}"#, false),
            (#"{"to": "{{attributes.phone}}" "x": 1}"#, false),
            (#"{"to": "{{attributes.phone}}", "n": 01}"#, false),
            (#"{"to": "{{attributes.phone}}", "ok": tru}"#, false),
            (#"{"to": "{{attributes.phone}}"} 1"#, false),
            (#"{"to": "{{attributes.phone}}", "e": "\u00e9\n", "list": [1, -2.5e3, true, null, {}]}"#, true),
        ])
    func templateCheck(text: String, valid: Bool) throws {
        #expect((APIRequestShape.jsonProblem(in: try Self.template(text)) == nil) == valid)
    }

    @Test("a body template may not name a field that does not exist")
    func templateUnknownField() {
        #expect(throws: TemplateError.self) { try Self.template(#"{"to": "{{message.phone}}"}"#) }
    }

    @Test("every request carries Content-Type, Accept and the Idempotency-Key of its occurrence")
    func headers() throws {
        let request = try APIRequestShape.json.request(for: Self.delivery().envelope)
        #expect(
            request.headers == [
                HTTPHeader(name: "Content-Type", value: "application/json"),
                HTTPHeader(name: "Accept", value: "application/json"),
                HTTPHeader(name: "Idempotency-Key", value: Self.key),
            ])
    }

    @Test("the Idempotency-Key is a UUID derived from the Message-ID: same occurrence, same key")
    func idempotencyKey() {
        let first = MessageID(
            occurrence: OccurrenceKey(rawValue: "2027"), campaign: "birthday", customer: "C1", domain: "x.example")
        let again = MessageID(
            occurrence: OccurrenceKey(rawValue: "2027"), campaign: "birthday", customer: "C1", domain: "x.example")
        let next = MessageID(
            occurrence: OccurrenceKey(rawValue: "2028"), campaign: "birthday", customer: "C1", domain: "x.example")
        #expect(IdempotencyKey(messageID: first) == IdempotencyKey(messageID: again))
        #expect(IdempotencyKey(messageID: first) != IdempotencyKey(messageID: next))
        let value = IdempotencyKey(messageID: first).value
        #expect(UUID(uuidString: value) != nil)
        #expect(Array(value)[14] == "8")
        #expect(
            IdempotencyKey(messageID: MessageID(rawValue: "0123456789abcdef.rapport@hoamai.example")).value == Self.key)
    }

    @Test("an envelope made from bytes alone cannot go to an API")
    func envelopeWithoutDelivery() throws {
        var envelope = try Self.delivery().envelope
        envelope.delivery = nil
        #expect {
            try APIRequestShape.json.request(for: envelope)
        } throws: { error in
            (error as? TransportError)?.code == .configuration
        }
    }

    @Test("an evaluated delivery carries the customer's values, so a body template can use the phone")
    func evaluatedDeliveryCarriesValues() throws {
        let here = SourceLocation(file: "sms.yml", line: 1, column: 1)
        let campaign = Campaign(
            id: "sms", category: .transactional, transport: "sms",
            trigger: .welcome(
                WelcomeTrigger(delay: TimeSpan(seconds: 0), since: try #require(LocalDate("2026-01-01")))),
            audience: Audience([]),
            message: CampaignMessage(
                MessageContent(
                    subject: try Template("SMS", kind: .text, location: here),
                    text: try Template("Chào {{first_name}}", kind: .text, location: here))),
            sourceFile: "sms.yml")
        let evaluator = CampaignEvaluator(
            campaign: campaign, sender: SenderIdentity(from: try Mailbox(parsing: "Hoa Mai <hello@hoamai.example>")),
            defaultZone: try #require(TimeZone(identifier: "Asia/Ho_Chi_Minh")))
        let customer = Customer(
            id: "C001", email: "nhung@example.vn", firstName: "Nhung", attributes: ["phone": .string("+84901234567")])
        let delivery = try evaluator.delivery(
            for: customer, occurrence: OccurrenceKey(rawValue: "signup"), at: Date(timeIntervalSince1970: 1_795_399_200)
        ).get()
        let template = try Self.template(#"{"to": "{{attributes.phone}}", "text": "{{message.text}}"}"#)
        #expect(try Self.body(.template(template), delivery) == #"{"to": "+84901234567", "text": "Chào Nhung"}"#)
    }

    @Test("preset names")
    func presetNames() {
        #expect(APIRequestShape(presetName: "json") == .json)
        #expect(APIRequestShape(presetName: "sendgrid") == .sendGrid)
        #expect(APIRequestShape(presetName: "postmark") == .postmark)
        #expect(APIRequestShape(presetName: "mailgun") == nil)
        #expect(APIRequestShape.postmark.credentialHeader == "X-Postmark-Server-Token")
        #expect(APIRequestShape.sendGrid.credentialHeader == "Authorization")
        #expect(APIRequestShape.sendGrid.defaultCredentialScheme == "Bearer")
    }
}
