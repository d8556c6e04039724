import Foundation
import RapportConfig
import RapportCore
import Testing

@Suite struct DaemonConfigTests {
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

    @Test func shippedExampleConfigLoads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let config = try DaemonConfig.load(from: root.appendingPathComponent("config/rapport.yml").path)
        #expect(config.sender.from.displayName == "Cửa hàng Hoa Mai")
        #expect(config.defaultTimeZone.identifier == "Asia/Ho_Chi_Minh")
        let campaigns = CampaignSet.load(for: config)
        #expect(campaigns.errors.isEmpty, "\(campaigns.errors)")
        #expect(!campaigns.campaigns.isEmpty)
        #expect(config.delivery.workers == 2)
        #expect(config.delivery.retry.giveUpAfter == TimeSpan("3d")!)
    }

    @Test func deliverySettingsAreCheckedWithTheirPlace() throws {
        let folder = try directory()
        let base = """
            store: { sqlite: rapport.sqlite }
            sender: { from: "hello@hoamai.example" }
            transports: { default: { kind: file, directory: outbox } }
            campaigns: campaigns
            """
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
        _ = try write("s3cret-pass\n", in: credentials, name: "smtp-password")
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
        let set = CampaignSet.load(from: folder.path, transports: ["default"])
        #expect(set.campaigns.map(\.id) == ["good"])
        #expect(set.errors.count == 2)
        #expect(set.errors.map { URL(fileURLWithPath: $0.location.file).lastPathComponent } == ["b.yml", "c.yml"])
    }
}
