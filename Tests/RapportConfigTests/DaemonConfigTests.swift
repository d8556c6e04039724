import Foundation
import RapportConfig
import RapportCore
import Testing

@Suite struct DaemonConfigTests {
    /// The fewest keys a config needs; tests append the ones they check.
    static let minimal = """
        store: { sqlite: rapport.sqlite }
        sender: { from: "hello@hoamai.example" }
        transports: { default: { kind: file, directory: outbox } }
        campaigns: campaigns
        """

    func write(_ text: String, in directory: URL, name: String = "rapport.yml") throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `check` reads the whole config: each section's mistake at its place, and what campaigns are
    /// checked against even so — the folder, the transports that read, the ones that did not.
    @Test func everySectionsMistakeIsReportedAndTheRestIsStillRead() throws {
        let path = try write(
            """
            store: { sqlite: rapport.sqlite }
            tick: 0s
            time_zone: Mars/Olympus
            sender: { from: "hello@hoamai.example" }
            transports:
              default: { kind: file, directory: outbox }
              zalo: { kind: zns, app_id: 1 }
            campaigns: campaigns
            colour: red
            """, in: try directory())
        let reading = DaemonConfig.read(from: path)
        #expect(reading.config == nil)
        #expect(
            reading.errors.map { "\($0.location.line):\($0.location.column) \($0.field)" }.sorted() == [
                "2:7 tick", "3:12 time_zone", "7:9 transports.zalo", "9:1 colour",
            ], "\(reading.errors)")
        #expect(reading.campaignsDirectory?.hasSuffix("/campaigns") == true)
        #expect(Set(reading.transports.keys) == ["default"] && reading.unreadableTransports == ["zalo"])
        #expect(throws: ConfigError.self, "every other command stops at the first") {
            try DaemonConfig.load(from: path)
        }
    }

    @Test func shippedExampleConfigLoads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let config = try DaemonConfig.load(from: root.appendingPathComponent("config/rapport.yml").path)
        #expect(config.sender.from.displayName == "Cửa hàng Hoa Mai")
        #expect(config.defaultTimeZone.identifier == "Asia/Ho_Chi_Minh")
        #expect(config.language == .vi)
        let campaigns = CampaignSet.load(for: config)
        #expect(campaigns.errors.isEmpty, "\(campaigns.errors)")
        #expect(!campaigns.campaigns.isEmpty)
        #expect(config.delivery.workers == 2)
        #expect(config.delivery.retry.giveUpAfter == TimeSpan("3d")!)
    }

    @Test func languageIsViOrEnAndDefaultsToEnglish() throws {
        let folder = try directory()
        #expect(try DaemonConfig.load(from: write(Self.minimal, in: folder)).language == .en)
        let vietnamese = try write(Self.minimal + "\nlanguage: vi\n", in: folder, name: "vi.yml")
        #expect(try DaemonConfig.load(from: vietnamese).language == .vi)
        let french = try write(Self.minimal + "\nlanguage: fr\n", in: folder, name: "fr.yml")
        #expect {
            try DaemonConfig.load(from: french)
        } throws: { error in
            "\(error)".contains("fr.yml:5:11: language: 'fr' is not a language Rapport writes in; give vi or en")
        }
    }

    @Test func serverSectionMakesItsTokenFileOnceAndNamesBadValues() throws {
        let folder = try directory()
        let base = Self.minimal
        let good = try write(
            base + "\nserver: { listen: \"127.0.0.1:8470\", api_tokens_file: secrets/tokens, max_body: 512KB }\n",
            in: folder)
        let server = try #require(try DaemonConfig.load(from: good, createsMissingSecrets: true).server)
        #expect(server.host == "127.0.0.1" && server.port == 8470)
        #expect(server.maximumBodyBytes == 512 * 1024)
        let tokenFile = folder.appendingPathComponent("secrets/tokens").path
        let made = try String(contentsOfFile: tokenFile, encoding: .utf8)
        let token = try #require(
            made.split(separator: "\n").first { $0.hasPrefix("default ") }?.split(separator: " ")[1])
        #expect(server.tokens.client(authorization: "Bearer \(token)") == "default")
        #expect(server.tokens.client(authorization: "Bearer \(token)x") == nil)
        let permissions = try FileManager.default.attributesOfItem(atPath: tokenFile)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        #expect(
            try DaemonConfig.load(from: good).server?.tokens.client(authorization: "Bearer \(token)") == "default",
            "kept, not remade")

        let cases: [(String, String)] = [
            ("server: { listen: \"localhost\" }", "is not host:port"),
            ("server: { listen: \"127.0.0.1:99999\" }", "is not host:port"),
            ("server: { listen: \"127.0.0.1:8470\", max_body: 2GB }", "give a size"),
            ("server: { port: 8470 }", "port"),
        ]
        for (index, (yaml, message)) in cases.enumerated() {
            let path = try write(base + "\n" + yaml + "\n", in: folder, name: "bad\(index).yml")
            #expect(throws: ConfigError.self) { try DaemonConfig.load(from: path) }
            do {
                _ = try DaemonConfig.load(from: path)
            } catch {
                #expect(error.description.contains(message), "\(error)")
                #expect(error.description.contains("bad\(index).yml:5"), "\(error)")
            }
        }
        try "default tiny-secret\n".write(
            toFile: folder.appendingPathComponent("weak").path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o600], ofItemAtPath: folder.appendingPathComponent("weak").path)
        let weak = try write(
            base + "\nserver: { listen: \":8470\", api_tokens_file: weak }\n", in: folder, name: "weak.yml")
        do {
            _ = try DaemonConfig.load(from: weak)
            Issue.record("a short token must be refused")
        } catch {
            #expect(
                error.description.contains("line 1: the token of 'default' is shorter than 24 characters"), "\(error)")
            #expect(!error.description.contains("tiny-secret"), "secrets are never echoed")
        }
    }

    @Test func deliverySettingsAreCheckedWithTheirPlace() throws {
        let folder = try directory()
        let base = Self.minimal
        let good = try write(base + "\ndelivery: { workers: 4, lease: 30s, give_up_after: 12h }\n", in: folder)
        let config = try DaemonConfig.load(from: good)
        #expect(config.delivery.workers == 4)
        #expect(config.delivery.lease == TimeSpan(seconds: 30))
        #expect(config.delivery.retry.giveUpAfter == TimeSpan(seconds: 43_200))
        #expect(config.delivery.retry.initialDelay == TimeSpan(seconds: 60), "unset keys keep their defaults")
        #expect(config.delivery.shutdownTimeout == TimeSpan(seconds: 30), "unset keys keep their defaults")
        let bounded = try write(base + "\ndelivery: { shutdown_timeout: 2m }\n", in: folder, name: "bounded.yml")
        #expect(try DaemonConfig.load(from: bounded).delivery.shutdownTimeout == TimeSpan(seconds: 120))

        let bad = try write(base + "\ndelivery: { workers: 0 }\n", in: folder, name: "bad.yml")
        #expect {
            try DaemonConfig.load(from: bad)
        } throws: { error in
            "\(error)".contains("bad.yml:5:") && "\(error)".contains("workers")
        }
    }

    @Test func passwordComesFromCredentialsDirectoryAndIsNeverPrinted() throws {
        let folder = try directory()
        let credentials = folder.appendingPathComponent("credentials")
        try FileManager.default.createDirectory(at: credentials, withIntermediateDirectories: true)
        let password = try write("s3cret-pass\n", in: credentials, name: "smtp-password")
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: password)
        let path = try write(
            """
            store: { sqlite: data/rapport.sqlite }
            sender: { from: "Hoa Mai <hello@hoamai.example>" }
            transports:
              relay: { kind: smtp, url: "smtp://127.0.0.1:2525", username: u, password_file: smtp-password }
            campaigns: campaigns
            """, in: folder)
        let config = try DaemonConfig.load(from: path, environment: ["CREDENTIALS_DIRECTORY": credentials.path])
        guard case .smtp(let smtp) = config.transports["relay"] else {
            Issue.record("expected smtp")
            return
        }
        #expect(smtp.password?.value == "s3cret-pass")
        #expect(smtp.starttls == .required)
        #expect(!"\(smtp)".contains("s3cret"))
        #expect(config.storePath == folder.appendingPathComponent("data/rapport.sqlite").standardizedFileURL.path)
    }

    @Test func missingSenderIsNamed() throws {
        let path = try write(
            "store: { sqlite: x.sqlite }\ntransports: { d: { kind: file, directory: o } }\ncampaigns: c\n",
            in: try directory())
        let error = #expect(throws: ConfigError.self) { try DaemonConfig.load(from: path, environment: [:]) }
        #expect(error?.message.contains("sender") == true)
    }

    @Test func brokenCampaignDoesNotHideTheOthers() throws {
        let folder = try directory()
        _ = try write(
            "id: good\ntrigger: { kind: welcome, since: 2026-01-01 }\nmessage: { subject: Hi, text: Hello }\n",
            in: folder, name: "a.yml")
        _ = try write("id: bad\ntrigger: [\n", in: folder, name: "b.yml")
        _ = try write(
            "id: good\ntrigger: { kind: welcome, since: 2026-01-01 }\nmessage: { subject: Hi, text: Hello }\n",
            in: folder, name: "c.yml")
        let set = CampaignSet.load(from: folder.path, transports: ["default": .file(directory: "outbox")])
        #expect(set.campaigns.map(\.id) == ["good"])
        #expect(set.errors.count == 2)
        #expect(set.errors.map { URL(fileURLWithPath: $0.location.file).lastPathComponent } == ["b.yml", "c.yml"])
    }
}

/// What a reload says it changed: the keys that differ, and which of them wait for a restart.
@Suite struct ConfigChangesTests {
    /// One folder for both configs a test compares, as one file edited in place.
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-changes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func config(_ extra: String = "", transports: String = "default: { kind: file, directory: outbox }") throws
        -> DaemonConfig
    {
        try "default 0123456789abcdefghijklmnopqrstuvwxyz\n".write(
            to: folder.appendingPathComponent("tokens"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o600], ofItemAtPath: folder.appendingPathComponent("tokens").path)
        let path = folder.appendingPathComponent("rapport.yml").path
        try """
        store: { sqlite: rapport.sqlite }
        sender: { from: "hello@hoamai.example" }
        transports: { \(transports) }
        campaigns: campaigns
        \(extra)
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return try DaemonConfig.load(from: path, environment: [:])
    }

    @Test func theSameFileChangesNothing() throws {
        #expect(try config().changes(to: config()).isEmpty)
    }

    @Test(arguments: [
        ("tick: 5m", ["tick"], []),
        ("frequency_cap: { messages: 1, per: 1d }", ["frequency_cap"], []),
        (#"send_window: { from: "08:00", to: "20:00" }"#, ["send_window"], []),
        ("delivery: { workers: 4, lease: 1h }", ["delivery.workers", "delivery.lease"], []),
        ("delivery: { shutdown_timeout: 45s }", [], ["delivery.shutdown_timeout"]),
        (#"links: { base_url: "https://shop.example/r", signing_key_file: key }"#, [], ["links"]),
        (#"server: { listen: "127.0.0.1:8470", api_tokens_file: tokens }"#, ["server.api_tokens_file"], ["server"]),
    ])
    func eachKeyIsNamedAndSortedByWhetherItNeedsARestart(extra: String, applied: [String], restart: [String])
        throws
    {
        let changes = try config().changes(to: config(extra))
        #expect(changes.applied == applied)
        #expect(changes.needRestart == restart)
    }

    @Test func aTransportIsNamedWhenItsSettingsOrLimitsChange() throws {
        let before = try config(
            transports: "default: { kind: file, directory: outbox }, b: { kind: file, directory: b }")
        let after = try config(
            transports: "default: { kind: file, directory: outbox, max_per_second: 5 }, c: { kind: file, directory: c }"
        )
        #expect(before.changes(to: after).applied == ["transports.b", "transports.c", "transports.default"])
    }
}

/// Config that loads in form but cannot work: refused at load, or by `check`, with the fix.
@Suite struct UnworkableConfigTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rapport-unworkable-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func load(_ text: String) throws -> DaemonConfig {
        let path = folder.appendingPathComponent("rapport.yml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try DaemonConfig.load(from: path, environment: [:])
    }

    @Test(arguments: [
        ("tick: 0s", "rapport.yml:5:7: tick: a tick under one second"),
        (
            #"transports: { relay: { kind: smtp, url: "smtp://u:pw@mail.example.com:587" } }"#,
            "the url must not hold credentials"
        ),
        (
            #"transports: { relay: { kind: smtp, url: "smtp://mail.example.com:25", starttls: "off" } }"#,
            "starttls: off sends mail and the password in plain text across the network"
        ),
    ])
    func refusedAtLoad(line: String, message: String) throws {
        let text =
            line.hasPrefix("transports")
            ? DaemonConfigTests.minimal.replacingOccurrences(
                of: "transports: { default: { kind: file, directory: outbox } }", with: line)
            : DaemonConfigTests.minimal + "\n" + line + "\n"
        #expect {
            try load(text)
        } throws: { error in
            "\(error)".contains(message) && !"\(error)".contains(":pw@")
        }
    }

    @Test func starttlsOffToALoopbackRelayIsFine() throws {
        let text = DaemonConfigTests.minimal.replacingOccurrences(
            of: "transports: { default: { kind: file, directory: outbox } }",
            with: #"transports: { default: { kind: smtp, url: "smtp://127.0.0.1:25", starttls: "off" } }"#)
        #expect(throws: Never.self) { try load(text) }
    }

    @Test func checkRefusesALeaseShorterThanATransportTimeoutAndMarketingWithoutLinks() throws {
        let config = try load(
            DaemonConfigTests.minimal.replacingOccurrences(
                of: "transports: { default: { kind: file, directory: outbox } }",
                with: #"transports: { default: { kind: smtp, url: "smtp://127.0.0.1:25", timeout: 2m } }"#)
                + "\ndelivery: { lease: 1m }\n")
        let campaigns = folder.appendingPathComponent("campaigns")
        try FileManager.default.createDirectory(at: campaigns, withIntermediateDirectories: true)
        try
            "id: winback\ntrigger: { kind: welcome, delay: 1h, since: 2026-01-01 }\nmessage: { subject: Hi, text: Hello }\n"
            .write(to: campaigns.appendingPathComponent("winback.yml"), atomically: true, encoding: .utf8)
        let campaign = try #require(CampaignSet.load(for: config).campaigns.first)
        let risks = config.risks(campaigns: [campaign])
        #expect(
            risks.map(\.description) == [
                "\(folder.appendingPathComponent("rapport.yml").path):5:20: delivery.lease: 1m is shorter than transports.default.timeout (2m): a lease that runs out while a message is still being sent lets another daemon send it again; give lease: 2m or more",
                "\(campaigns.appendingPathComponent("winback.yml").path):1:1: category: marketing mail must carry an unsubscribe link (List-Unsubscribe, which Gmail and Yahoo require of bulk senders), and the config has no links: section; add one (base_url, signing_key_file), or mark the campaign transactional if it is",
            ])
    }
}
