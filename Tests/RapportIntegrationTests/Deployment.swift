import Foundation

/// What an operator deploys, in a temporary folder: a daemon config pointing at an SMTP server,
/// a campaigns folder (the welcome campaign unless given others) and a customers file, with the
/// built `rapport` binary to run against it.
struct Deployment {
    let directory: URL
    let cli: RapportCLI

    /// `smtpSettings` are the SMTP transport's keys after its url, e.g. `starttls: required, timeout: 5s`;
    /// `transports` are more entries under `transports:`, one per line, e.g. `zalo: { kind: zns, … }`;
    /// `store` the value of `store:`.
    init(
        smtpURL: String, campaignFiles: [String: String] = [:], tick: String = "1m",
        smtpSettings: String = #"starttls: "off""#, transports: [String] = [],
        store: String = "{ sqlite: store/rapport.sqlite }"
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rapport-e2e-\(UUID().uuidString)")
        let campaigns = directory.appendingPathComponent("campaigns")
        try FileManager.default.createDirectory(at: campaigns, withIntermediateDirectories: true)
        let files =
            campaignFiles.isEmpty
            ? [
                "welcome.yml": WelcomeEndToEndTests.campaign,
                "welcome.txt": "Chào {{first_name}},\ncảm ơn bạn đã đăng ký.\n",
            ]
            : campaignFiles
        for (name, text) in files {
            let file = campaigns.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        try WelcomeEndToEndTests.customers.write(
            to: directory.appendingPathComponent("customers.csv"), atomically: true, encoding: .utf8)
        let config = """
            store: \(store)
            tick: \(tick)
            time_zone: Asia/Ho_Chi_Minh
            sender:
              from: "Cửa hàng Hoa Mai <hello@hoamai.example>"
              reply_to: support@hoamai.example
            transports:
              default: { kind: smtp, url: "\(smtpURL)", \(smtpSettings) }
            \(transports.map { "  " + $0 + "\n" }.joined())campaigns: campaigns
            """
        let configURL = directory.appendingPathComponent("rapport.yml")
        try config.write(to: configURL, atomically: true, encoding: .utf8)
        cli = RapportCLI(config: configURL.path, workDirectory: directory)
    }

    /// The SQLite store the config names, for tests that read it directly.
    var storePath: String { directory.appendingPathComponent("store/rapport.sqlite").path }

    /// Signed links for the unsubscribe link marketing mail must carry (`rapport check` refuses
    /// marketing campaigns without them); the key file is made on first use.
    func addLinks() throws {
        try appendToConfig(#"links: { base_url: "https://hoamai.example/rapport", signing_key_file: keys/link-key }"#)
    }

    /// Adds top-level keys to the daemon config, as an operator editing it would.
    func appendToConfig(_ yaml: String) throws {
        let url = URL(fileURLWithPath: cli.config)
        try (String(contentsOf: url, encoding: .utf8) + "\n" + yaml + "\n").write(
            to: url, atomically: true, encoding: .utf8)
    }

    func storeFiles() -> [String: Data] {
        let store = directory.appendingPathComponent("store")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: store.path)) ?? []
        var files: [String: Data] = [:]
        // SQLite's shared-memory index, and an empty write-ahead log a reader opens, hold no data.
        for name in names where !name.hasSuffix("-shm") {
            let data = try? Data(contentsOf: store.appendingPathComponent(name))
            if name.hasSuffix("-wal"), data?.isEmpty ?? true { continue }
            files[name] = data
        }
        return files
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: directory)
    }
}

extension Deployment {
    /// Puts a copy of this deployment's store files in `other`'s store folder, as an operator
    /// copies a stopped daemon's store.
    func copyStore(to other: Deployment) throws {
        let folder = other.directory.appendingPathComponent("store")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, data) in storeFiles() { try data.write(to: folder.appendingPathComponent(name)) }
    }
}
