public import Foundation

/// A real SMTP server, `Fixtures/smtp_server.py` on aiosmtpd, on a free loopback port.
///
/// It records each accepted message and each client connection in its own temporary directory,
/// so tests check what actually crossed the wire.
public final class SMTPTestServer: Sendable {
    /// One message as the server received it.
    public struct ReceivedMessage: Decodable, Sendable {
        public let mailFrom: String
        public let rcptTos: [String]
        public let helo: String?
        public let peerPort: Int
        /// The exact bytes after SMTP dot-unstuffing.
        public let content: Data

        enum CodingKeys: String, CodingKey {
            case mailFrom = "mail_from"
            case rcptTos = "rcpt_tos"
            case helo
            case peerPort = "peer_port"
            case content
        }
    }

    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    static let python = "/usr/bin/python3"
    static let script = URL(filePath: #filePath).deletingLastPathComponent()
        .appending(path: "Fixtures/smtp_server.py")

    public let port: Int
    private let directory: URL
    private let process = Process()
    /// The server exits when this closes, even if the test process dies without calling `stop()`.
    private let input = Pipe()

    /// Fails, rather than skips, when the server cannot run: these tests are the only check that
    /// Rapport speaks SMTP. With `credentials` (`login:password`) the server requires AUTH.
    public init(credentials: String? = nil) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            throw StartError(description: "\(Self.python) is missing; run apt-get install -y python3 python3-aiosmtpd")
        }
        directory = FileManager.default.temporaryDirectory.appending(path: "rapport-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = Pipe()
        // A file, not a pipe: a pipe nobody drains would stall the server once aiosmtpd logs enough.
        let errorLog = directory.appending(path: "server.stderr")
        try Data().write(to: errorLog)
        let errors = try FileHandle(forWritingTo: errorLog)
        defer { try? errors.close() }
        process.executableURL = URL(filePath: Self.python)
        process.arguments = [Self.script.path, directory.path] + (credentials.map { [$0] } ?? [])
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
            let message = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: directory)
            throw StartError(
                description:
                    "the test SMTP server did not start (\(message.trimmingCharacters(in: .whitespacesAndNewlines)));"
                    + " it needs aiosmtpd for \(Self.python): apt-get install -y python3-aiosmtpd"
            )
        }
        self.port = port
    }

    public var url: String { "smtp://127.0.0.1:\(port)" }

    /// Accepted messages, in order of acceptance.
    public func messages() throws -> [ReceivedMessage] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("message-") && $0.hasSuffix(".json") }
            .sorted()
        return try names.map { name in
            try JSONDecoder().decode(ReceivedMessage.self, from: Data(contentsOf: directory.appending(path: name)))
        }
    }

    /// How many TCP connections clients opened.
    public func connectionCount() throws -> Int {
        let log = try String(contentsOf: directory.appending(path: "connections.log"), encoding: .utf8)
        return log.split(separator: "\n").count
    }

    public func stop() {
        try? input.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Runs `body` with a fresh server, and stops the server whatever happens.
public func withSMTPServer(credentials: String? = nil, _ body: (SMTPTestServer) async throws -> Void) async throws {
    let server = try SMTPTestServer(credentials: credentials)
    defer { server.stop() }
    try await body(server)
}
