import Foundation
import RapportConfig
import RapportCore
import Testing

/// `kind: http` transports: every key checked with its location, the credential read from a file
/// and never printed, and the shipped SMS example kept working.
@Suite("HTTPTransportConfig")
struct HTTPTransportConfigTests {
    static let secret = "sk-live-0a1b2c3d4e5f"

    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rapport-http-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.writePrivately("\(Self.secret)\n", to: folder.appendingPathComponent("api-key"))
    }

    /// As an operator stores a key: readable by its owner only (other files here are harmless so).
    static func writePrivately(_ text: String, to url: URL) throws {
        try text.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
    }

    /// A config whose only transport is `http` with `keys` (YAML lines, indented under it).
    func load(_ keys: String, files: [String: String] = [:]) throws -> (DaemonConfig, String) {
        for (name, text) in files {
            try Self.writePrivately(text, to: folder.appendingPathComponent(name))
        }
        let path = folder.appendingPathComponent("rapport.yml").path
        let text = """
            store: { sqlite: rapport.sqlite }
            sender: { from: "Hoa Mai <hello@hoamai.example>" }
            transports:
              api:
                kind: http
            \(keys.split(separator: "\n").map { "    \($0)" }.joined(separator: "\n"))
            campaigns: campaigns
            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (try DaemonConfig.load(from: path, environment: [:]), path)
    }

    func http(_ config: DaemonConfig) throws -> HTTPConfig {
        guard case .http(let http) = config.transports["api"] else { throw NotHTTP() }
        return http
    }

    struct NotHTTP: Error {}

    func loadError(_ keys: String, files: [String: String] = [:]) -> ConfigError? {
        #expect(throws: ConfigError.self) { try load(keys, files: files) }
    }

    @Test("result: which body field holds the verdict, and what each code means")
    func resultRule() throws {
        let (config, _) = try load(
            """
            url: https://rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/
            result: { field: CodeResult, accepted: [100], retry: ["99"], refused: [104, 146], message_id: SMSID }
            """)
        #expect(
            try http(config).result
                == APIResultRule(
                    field: "CodeResult", accepted: ["100"], retry: ["99"], refused: ["104", "146"],
                    messageIDField: "SMSID"))
        let twice = loadError(
            "url: https://api.example.com/\nresult: { field: error, accepted: [0], refused: [0] }")
        #expect(twice?.description.contains("rapport.yml:7:") == true, "\(twice?.description ?? "")")
        #expect(twice?.description.contains("'0' is already in accepted") == true, "\(twice?.description ?? "")")
        let fieldless = loadError("url: https://api.example.com/\nresult: { accepted: [0] }")
        #expect(fieldless?.description.contains("missing key 'field'") == true)
    }

    @Test("a SendGrid transport: preset, key from a file, defaults")
    func sendGrid() throws {
        let (config, _) = try load(
            """
            url: https://api.sendgrid.com/v3/mail/send
            preset: sendgrid
            authorization_file: api-key
            headers: { X-Account: hoa-mai, X-Trace: "on" }
            """)
        let http = try http(config)
        #expect(http.url == "https://api.sendgrid.com/v3/mail/send")
        #expect(http.shape == .sendGrid)
        #expect(http.authorization?.value == Self.secret)
        #expect(
            http.headers == [HTTPHeader(name: "X-Account", value: "hoa-mai"), HTTPHeader(name: "X-Trace", value: "on")])
        #expect(http.authorizationHeader == nil)
        #expect(http.authorizationScheme == nil)
        #expect(http.verifyCertificates)
        #expect(http.timeout == TimeSpan(seconds: 30))
        #expect(http.connectTimeout == TimeSpan(seconds: 10))
        #expect(!"\(http)".contains(Self.secret))
        #expect(!String(reflecting: config).contains(Self.secret))
    }

    @Test("no preset means the json webhook body; scheme none and another header name are kept")
    func webhookDefaults() throws {
        let (config, _) = try load(
            """
            url: http://127.0.0.1:8080/hooks/rapport
            authorization_file: api-key
            authorization_header: X-API-Key
            authorization_scheme: none
            timeout: 5s
            """)
        let http = try http(config)
        #expect(http.shape == .json)
        #expect(http.authorizationHeader == "X-API-Key")
        #expect(http.authorizationScheme == "")
        #expect(http.timeout == TimeSpan(seconds: 5))
    }

    @Test("a body template is read beside the config and checked")
    func bodyTemplate() throws {
        let (config, _) = try load(
            "url: https://api.example.com/sms\nbody_template: body.json",
            files: ["body.json": #"{"to": "{{attributes.phone}}", "text": "{{message.text}}"}"#])
        guard case .template(let template) = try http(config).shape else {
            Issue.record("expected a template")
            return
        }
        #expect(template.location.file == folder.appendingPathComponent("body.json").path)
        #expect(template.kind == .json)
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        let keys: String
        let files: [String: String]
        /// Where the error must point: `rapport.yml:LINE` or `body.json:LINE:COLUMN`.
        let location: String
        let message: String

        init(_ keys: String, files: [String: String] = [:], at location: String, _ message: String) {
            self.keys = keys
            self.files = files
            self.location = location
            self.message = message
        }

        var testDescription: String { message }
    }

    @Test(
        "mistakes are reported at their file and line, with what to do",
        arguments: [
            Bad("preset: json", at: "rapport.yml:5", "missing key 'url'"),
            Bad("url: http://api.example.com/send", at: "rapport.yml:6", "use https://"),
            Bad("url: https://u:p@api.example.com/", at: "rapport.yml:6", "must not hold credentials"),
            Bad("url: mailto:x@example.com", at: "rapport.yml:6", "must look like https://"),
            Bad(
                "url: https://api.example.com/\npreset: mailgun", at: "rapport.yml:7",
                "'mailgun' is not one of json, sendgrid, postmark, template"),
            Bad("url: https://api.example.com/\npreset: template", at: "rapport.yml:7", "needs body_template"),
            Bad(
                "url: https://api.example.com/\npreset: json\nbody_template: body.json", files: ["body.json": "{}"],
                at: "rapport.yml:8", "only for preset: template"),
            Bad(
                "url: https://api.example.com/\nbody_template: nowhere.json", at: "rapport.yml:7",
                "cannot read the body template"),
            Bad(
                "url: https://api.example.com/\nbody_template: body.json",
                files: ["body.json": "{\n  \"to\": \"{{attributes.phone}}\",\n  \"x\": \"{{frist_name}}\"\n}"],
                at: "body.json:3:9", "unknown field 'frist_name'"),
            Bad(
                "url: https://api.example.com/\nbody_template: body.json",
                files: ["body.json": "{\"to\": \"{{attributes.phone}}\",}"], at: "body.json:1:1", "not JSON"),
            Bad(
                "url: https://api.example.com/\nauthorization_file: missing-key", at: "rapport.yml:7",
                "cannot read the authorization file"),
            Bad(
                "url: https://api.example.com/\nauthorization_file: two-lines",
                files: ["two-lines": "key\nX-Evil: 1\n"],
                at: "rapport.yml:7", "more than one line"),
            Bad(
                "url: https://api.example.com/\nheaders: { Authorization: \"Bearer x\" }", at: "rapport.yml:7",
                "authorization_file"),
            Bad(
                "url: https://api.example.com/\nheaders: { \"Bad Name\": x }", at: "rapport.yml:7", "not a header name"),
            Bad(
                "url: https://api.example.com/\nheaders: { Idempotency-Key: x }", at: "rapport.yml:7", "set by Rapport"),
            Bad(
                "url: https://api.example.com/\nauthorization_scheme: \"Bearer x\"", at: "rapport.yml:7", "not a scheme"
            ),
            Bad("url: https://api.example.com/\ntimeout: 0s", at: "rapport.yml:7", "longer than 0s"),
            Bad("url: https://api.example.com/\nstarttls: off", at: "rapport.yml:7", "unknown key"),
        ])
    func mistakes(_ bad: Bad) throws {
        let error = try #require(loadError(bad.keys, files: bad.files))
        let location =
            "\(URL(fileURLWithPath: error.location.file).lastPathComponent):\(error.location.line)"
            + (bad.location.split(separator: ":").count == 3 ? ":\(error.location.column)" : "")
        #expect(location == bad.location, "\(error)")
        #expect(error.description.contains(bad.message), "\(error)")
        #expect(!error.description.contains(Self.secret))
    }

    /// The repository's root folder.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Writes config/rapport.yml into `folder` with the commented transports `names` uncommented,
    /// as an operator following its comments would, its state kept in `folder`.
    static func shippedConfig(uncommenting names: [String], into folder: URL) throws {
        let shipped = try String(contentsOf: repository.appendingPathComponent("config/rapport.yml"), encoding: .utf8)
        var lines = shipped.components(separatedBy: "\n")
        for name in names {
            let start = try #require(lines.firstIndex(of: "  # \(name):"))
            lines[start] = "  \(name):"
            var index = start + 1
            while index < lines.count, lines[index].hasPrefix("  #   ") {
                lines[index] = "  " + lines[index].dropFirst(4)
                index += 1
            }
        }
        let text = lines.joined(separator: "\n")
            .replacingOccurrences(of: "../.rapport/", with: "state/")
            .replacingOccurrences(
                of: "campaigns: ../campaigns", with: "campaigns: \(repository.appendingPathComponent("campaigns").path)")
        try text.write(to: folder.appendingPathComponent("rapport.yml"), atomically: true, encoding: .utf8)
    }

    /// The commented `sms` transport in config/rapport.yml, uncommented, with the example campaign:
    /// what an operator gets by following the comments, so the example cannot rot unnoticed.
    @Test("the shipped SMS example works once uncommented")
    func shippedSMSExample() throws {
        let root = Self.repository
        try Self.shippedConfig(uncommenting: ["sms"], into: folder)
        try FileManager.default.copyItem(
            at: root.appendingPathComponent("config/sms-body.json"), to: folder.appendingPathComponent("sms-body.json"))
        try FileManager.default.copyItem(
            at: folder.appendingPathComponent("api-key"), to: folder.appendingPathComponent("sms-api-key"))

        let config = try DaemonConfig.load(from: folder.appendingPathComponent("rapport.yml").path, environment: [:])
        guard case .http(let sms) = config.transports["sms"], case .template = sms.shape else {
            Issue.record("expected the sms http transport with a body template")
            return
        }
        #expect(sms.url == "https://api.telnyx.com/v2/messages")
        #expect(sms.authorization?.value == Self.secret)

        let campaign = try CampaignFile.load(root.appendingPathComponent("campaigns/sms-renewal.yml.example").path)
        #expect(campaign.transport == "sms")
        #expect(config.transports.keys.contains(campaign.transport))

        // Render the campaign for a customer with a phone, as the daemon would, and the body.
        #expect(sms.address == .phone)
        let customer = Customer(
            id: "C001", email: "nhung@example.vn", phone: "+84901234567", firstName: "Hồng Nhung",
            lastName: "Nguyễn Thị", locale: "vi", renewalDate: LocalDate("2027-05-21"))
        var evaluator = CampaignEvaluator(
            campaign: campaign, sender: config.sender, defaultZone: config.defaultTimeZone)
        evaluator.addressKinds = config.transports.mapValues(\.addressKind)
        let delivery = try evaluator.delivery(
            for: customer, occurrence: OccurrenceKey(rawValue: "2027-05-21:-7d"), at: Date()
        ).get()
        let body = try sms.shape.request(for: delivery.envelope).body
        #expect(
            String(decoding: body, as: UTF8.self) == """
                {
                  "from": "+15550100123",
                  "to": "+84901234567",
                  "text": "Hoa Mai: Hồng Nhung ơi, thẻ của bạn gia hạn ngày 2027-05-21."
                }

                """)
    }
}
