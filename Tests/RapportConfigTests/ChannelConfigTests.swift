import Foundation
import RapportConfig
import RapportCore
import Testing

/// `kind: zns` transports and campaigns' `channels:`: each key checked with its location, and a
/// channel's content checked against its transport when the campaigns load.
@Suite struct ChannelConfigTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-channels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("campaigns"), withIntermediateDirectories: true)
        try HTTPTransportConfigTests.writePrivately("zalo-secret\n", to: folder.appendingPathComponent("zalo-secret"))
    }

    func config(transports: String) throws -> DaemonConfig {
        let path = folder.appendingPathComponent("rapport.yml").path
        try """
        store: { sqlite: rapport.sqlite }
        sender: { from: "Hoa Mai <hello@hoamai.example>" }
        transports:
          default: { kind: file, directory: outbox }
        \(transports.split(separator: "\n").map { "  \($0)" }.joined(separator: "\n"))
        campaigns: campaigns
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return try DaemonConfig.load(from: path, environment: [:])
    }

    static let zalo = #"zalo: { kind: zns, app_id: "1234567890", secret_key_file: zalo-secret }"#

    @Test func aZNSTransportReadsItsSecretFromAFileAndSendsToPhones() throws {
        let config = try config(transports: Self.zalo)
        guard case .zns(let zns) = config.transports["zalo"] else {
            Issue.record("expected a zns transport")
            return
        }
        #expect(zns.appID == "1234567890")
        #expect(zns.secretKey.value == "zalo-secret")
        #expect(zns.url == "https://business.openapi.zalo.me/message/template")
        #expect(zns.oauthURL == "https://oauth.zaloapp.com/v4/oa/access_token")
        #expect(config.transports["zalo"]?.addressKind == .phone)
        #expect(config.transports["default"]?.addressKind == .email)
        #expect(!"\(zns)".contains("zalo-secret"))
    }

    @Test(arguments: [
        (#"zalo: { kind: zns, secret_key_file: zalo-secret }"#, "app_id"),
        (#"zalo: { kind: zns, app_id: "12 34", secret_key_file: zalo-secret }"#, "app id"),
        (#"zalo: { kind: zns, app_id: "1234" }"#, "secret_key_file"),
        (#"zalo: { kind: zns, app_id: "1234", secret_key_file: zalo-secret, url: "http://zalo.example/x" }"#, "https://"),
        (#"sms: { kind: http, url: "https://sms.example/x", address: fax }"#, "email or phone"),
    ])
    func mistakesAreNamedAtTheirKey(transport: String, says: String) {
        #expect {
            _ = try config(transports: transport)
        } throws: { error in
            let text = "\(error)"
            return text.contains("rapport.yml:") && text.contains(says)
        }
    }

    @Test func channelsInOrderWithTheirOwnContent() throws {
        let campaign = try CampaignFile.parse(
            """
            id: birthday
            trigger: { kind: birthday }
            channels:
              - transport: zalo
                zns:
                  template_id: "231677"
                  data:
                    customer_name: "{{full_name}}"
                    address: { value: "{{attributes.address}}", max: 200 }
              - transport: sms
                message: { text: "Chúc mừng sinh nhật {{first_name}}!" }
              - default
            message: { subject: "Chúc mừng sinh nhật", text: "…" }
            """, file: "birthday.yml")
        #expect(campaign.channels.map(\.transport) == ["zalo", "sms", "default"])
        #expect(campaign.transport == "zalo")
        let zns = try #require(campaign.channels[0].zns)
        #expect(zns.templateID == "231677")
        #expect(zns.parameters.map(\.name) == ["customer_name", "address"])
        #expect(zns.parameters.map(\.maximumLength) == [30, 200])
        #expect(campaign.channels[1].message != nil)
        #expect(campaign.channels[2].message == nil && campaign.channels[2].zns == nil)
    }

    @Test(arguments: [
        ("transport: default\nchannels: [default]", "either 'transport'", 1),
        ("channels: [default, default]", "already a channel", 1),
        ("channels:\n  - transport: zalo\n    zns: { data: { a: x } }", "template_id", 3),
        ("channels:\n  - transport: zalo\n    zns: { template_id: \"1\", data: { name: \"\(String(repeating: "a", count: 31))\" } }", "30 characters", 3),
        ("channels:\n  - transport: sms\n    message: { text: \"x\", html: \"<p>x</p>\" }", "no HTML", 3),
    ])
    func channelMistakesNameTheLine(channels: String, says: String, line: Int) {
        let text = "id: c\ntrigger: { kind: birthday }\nmessage: { subject: s, text: t }\n" + channels
        #expect {
            _ = try CampaignFile.parse(text, file: "c.yml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.message.contains(says) && error.location.line == line + 3
        }
    }

    @Test func aChannelMustFitItsTransport() throws {
        let config = try config(transports: Self.zalo)
        try """
        id: plain
        trigger: { kind: birthday }
        channels: [zalo, default]
        message: { subject: s, text: t }
        """.write(to: folder.appendingPathComponent("campaigns/plain.yml"), atomically: true, encoding: .utf8)
        try """
        id: misplaced
        trigger: { kind: birthday }
        channels:
          - default
          - transport: default2
        message: { subject: s, text: t }
        """.write(to: folder.appendingPathComponent("campaigns/misplaced.yml"), atomically: true, encoding: .utf8)
        let set = CampaignSet.load(for: config)
        #expect(set.campaigns.isEmpty)
        let messages = set.errors.sorted { $0.location.file < $1.location.file }.map { "\($0.field): \($0.message)" }
        #expect(messages.count == 2, "\(messages)")
        #expect(messages[0].hasPrefix("channels[1]: 'default2' is not a transport"), "\(messages)")
        #expect(messages[1].hasPrefix("channels[0]: 'zalo' is a zns transport"), "\(messages)")
    }

    /// The commented `zalo` and `esms` transports uncommented, with the Zalo birthday example:
    /// what an operator gets by following the comments.
    @Test func theShippedZaloExampleWorksOnceUncommented() throws {
        try HTTPTransportConfigTests.shippedConfig(uncommenting: ["zalo", "esms"], into: folder)
        for name in ["zalo-secret-key", "esms-api-key", "esms-secret-key"] {
            try HTTPTransportConfigTests.writePrivately("key-\(name)\n", to: folder.appendingPathComponent(name))
        }
        let config = try DaemonConfig.load(from: folder.appendingPathComponent("rapport.yml").path, environment: [:])
        #expect(config.phoneCountryCode == 84)
        #expect(config.transports["zalo"]?.addressKind == .phone)
        guard case .http(let esms) = config.transports["esms"], case .esms(let account) = esms.shape else {
            Issue.record("expected the esms preset")
            return
        }
        #expect(account.brandname == "HOAMAI")
        #expect(esms.result == ESMSAccount.resultRule)
        let campaign = try CampaignFile.load(
            HTTPTransportConfigTests.repository.appendingPathComponent("campaigns/birthday-zalo.yml.example").path)
        #expect(campaign.channels.map(\.transport) == ["zalo", "esms", "default"])
        #expect(
            CampaignSet.channelProblem(
                campaign, transports: config.transports, top: SourceLocation(file: "x", line: 1, column: 1)) == nil)
        #expect(config.textLengthWarnings(campaigns: [campaign]).isEmpty, "the example's SMS fits one part")
    }
}

