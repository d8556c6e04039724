import Foundation
import Testing

/// A real SMTP server, `Fixtures/smtp_server.py` on aiosmtpd, on a free loopback port.
///
/// It records each accepted message and each client connection in its own temporary directory,
/// so tests check what actually crossed the wire.
final class SMTPTestServer {
    /// One message as the server received it.
    struct ReceivedMessage: Decodable {
        let mailFrom: String
        let rcptTos: [String]
        let helo: String?
        let peerPort: Int
        /// The exact bytes after SMTP dot-unstuffing.
        let content: Data

        enum CodingKeys: String, CodingKey {
            case mailFrom = "mail_from"
            case rcptTos = "rcpt_tos"
            case helo
            case peerPort = "peer_port"
            case content
        }
    }

    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    static let python = "/usr/bin/python3"
    static let script = URL(filePath: #filePath).deletingLastPathComponent()
        .appending(path: "Fixtures/smtp_server.py")

    let port: Int
    private let directory: URL
    private let process = Process()
    /// The server exits when this closes, even if the test process dies without calling `stop()`.
    private let input = Pipe()

    /// Fails, rather than skips, when the server cannot run: these tests are the only check that
    /// Rapport speaks SMTP.
    init() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            throw StartError(description: "\(Self.python) is missing; run apt-get install -y python3 python3-aiosmtpd")
        }
        directory = FileManager.default.temporaryDirectory.appending(path: "rapport-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = Pipe()
        let errors = Pipe()
        process.executableURL = URL(filePath: Self.python)
        process.arguments = [Self.script.path, directory.path]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()

        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            process.waitUntilExit()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            try? FileManager.default.removeItem(at: directory)
            throw StartError(
                description: "the test SMTP server did not start (\(message.trimmingCharacters(in: .whitespacesAndNewlines)));"
                    + " it needs aiosmtpd for \(Self.python): apt-get install -y python3-aiosmtpd"
            )
        }
        self.port = port
    }

    var url: String { "smtp://127.0.0.1:\(port)" }

    /// Accepted messages, in order of acceptance.
    func messages() throws -> [ReceivedMessage] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("message-") && $0.hasSuffix(".json") }
            .sorted()
        return try names.map { name in
            try JSONDecoder().decode(ReceivedMessage.self, from: Data(contentsOf: directory.appending(path: name)))
        }
    }

    /// How many TCP connections clients opened.
    func connectionCount() throws -> Int {
        let log = try String(contentsOf: directory.appending(path: "connections.log"), encoding: .utf8)
        return log.split(separator: "\n").count
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Runs `body` with a fresh server, and stops the server whatever happens.
func withSMTPServer(_ body: (SMTPTestServer) async throws -> Void) async throws {
    let server = try SMTPTestServer()
    defer { server.stop() }
    try await body(server)
}
