import Foundation
import RapportConfig
import RapportCore
import Testing

/// Secret files: private or refused, made private when Rapport makes them.
@Suite struct SecretFileTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// The minimal config with `line` added, or in place of its transports when it declares them.
    func config(_ line: String, secret name: String, contents: String, mode: Int) throws -> String {
        let secret = folder.appendingPathComponent(name).path
        try contents.write(toFile: secret, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: secret)
        let minimal = DaemonConfigTests.minimal
        let text =
            line.hasPrefix("transports:")
            ? minimal.replacingOccurrences(of: "transports: { default: { kind: file, directory: outbox } }", with: line)
            : minimal + "\n" + line + "\n"
        let path = folder.appendingPathComponent("rapport.yml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let token = "default 0123456789abcdefghijklmnopqrstuvwxyz\n"

    /// Every kind of secret file, as its config line names it.
    static let kinds: [(yaml: String, name: String, contents: String)] = [
        (#"server: { listen: "127.0.0.1:8470", api_tokens_file: tokens }"#, "tokens", token),
        (
            #"links: { base_url: "https://shop.example/r", signing_key_file: link-key }"#, "link-key",
            String(repeating: "k", count: 40)
        ),
        (
            #"transports: { default: { kind: smtp, url: "smtp://127.0.0.1:25", username: u, password_file: pw } }"#,
            "pw", "s3cr3t-pw\n"
        ),
        (
            #"transports: { default: { kind: http, url: "https://api.example.com/", authorization_file: key } }"#,
            "key", "k3y\n"
        ),
    ]

    @Test(arguments: 0..<4) func aSecretOthersCanReadIsRefusedWithTheChmodThatFixesIt(kind: Int) throws {
        let (yaml, name, contents) = Self.kinds[kind]
        let path = try config(yaml, secret: name, contents: contents, mode: 0o644)
        let secret = folder.appendingPathComponent(name).path
        #expect {
            try DaemonConfig.load(from: path, environment: [:])
        } throws: { error in
            "\(error)".contains("is readable by other users (mode 644); make it private with: chmod o-rwx \(secret)")
                && "\(error)".contains("rapport.yml:")
                && !"\(error)".contains(contents.trimmingCharacters(in: .newlines))
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: secret)
        #expect(throws: Never.self, "shared with the service's group is fine") {
            try DaemonConfig.load(from: path, environment: [:])
        }
    }

    @Test func secretsRapportMakesAreOwnerOnlyFromTheStart() throws {
        let path = folder.appendingPathComponent("rapport.yml").path
        try
            (DaemonConfigTests.minimal + """

                links: { base_url: "https://shop.example/r", signing_key_file: keys/link-key }
                server: { listen: "127.0.0.1:8470", api_tokens_file: keys/tokens }

                """).write(toFile: path, atomically: true, encoding: .utf8)
        _ = try DaemonConfig.load(from: path, environment: [:])
        #expect(
            !FileManager.default.fileExists(atPath: folder.appendingPathComponent("keys").path),
            "only the daemon writes key files; check, log and the rest leave the disk as they found it")
        _ = try DaemonConfig.load(from: path, environment: [:], createsMissingSecrets: true)
        for name in ["keys/link-key", "keys/tokens"] {
            let made = folder.appendingPathComponent(name).path
            #expect(
                try FileManager.default.attributesOfItem(atPath: made)[.posixPermissions] as? Int == 0o600, "\(name)")
        }
    }

    @Test func anEmptyPasswordFileIsRefusedAtStartNotAtTheFirstMessage() throws {
        let path = try config(
            #"transports: { default: { kind: smtp, url: "smtp://127.0.0.1:25", username: u, password_file: pw } }"#,
            secret: "pw", contents: "\n", mode: 0o600)
        #expect {
            try DaemonConfig.load(from: path, environment: [:])
        } throws: { "\($0)".contains("the password file \(folder.appendingPathComponent("pw").path) is empty") }
    }
}
