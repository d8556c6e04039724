public import Foundation

/// A real SMTP server, `Fixtures/smtp_server.py` on aiosmtpd, on a free loopback port.
///
/// It records each accepted message and each client connection in its own temporary directory,
/// so tests check what actually crossed the wire. The recipient's local part scripts faults
/// (`reply-data-451@…`, `flaky-2-451@…`, `drop-data-1@…`, `slow-2@…`): see the fixture's docstring.
public final class SMTPTestServer: Sendable {
    /// One message as the server received it.
    public struct ReceivedMessage: Decodable, Sendable {
        public let mailFrom: String
        public let rcptTos: [String]
        public let helo: String?
        public let peerPort: Int
        /// The exact bytes after SMTP dot-unstuffing.
        public let content: Data
        /// The server's answer to the end of DATA: `250 …` for an accepted message, the scripted
        /// refusal for one in `refusedMessages()`.
        public let reply: String?

        enum CodingKeys: String, CodingKey {
            case mailFrom = "mail_from"
            case rcptTos = "rcpt_tos"
            case helo
            case peerPort = "peer_port"
            case content
            case reply
        }
    }

    private let server: FixtureServerProcess

    public var port: Int { server.port }

    /// Fails, rather than skips, when the server cannot run: these tests are the only check that
    /// Rapport speaks SMTP. With `credentials` (`login:password`) the server requires AUTH.
    /// With `idleTimeout`, the server closes a connection idle that long, as real relays do.
    public init(credentials: String? = nil, idleTimeout: Duration? = nil) throws {
        server = try FixtureServerProcess(
            name: "smtp",
            arguments: (credentials.map { [$0] } ?? [])
                + (idleTimeout.map { ["--idle-timeout", "\($0 / .seconds(1))"] } ?? []),
            packages: ["python3-aiosmtpd"],
            startFailure: { errors in
                "the test SMTP server did not start (\(errors));"
                    + " it needs aiosmtpd for \(FixtureServerProcess.python): apt-get install -y python3-aiosmtpd"
            }
        )
    }

    public var url: String { "smtp://127.0.0.1:\(port)" }

    /// Accepted messages, in order of acceptance.
    public func messages() throws -> [ReceivedMessage] {
        try server.records(ReceivedMessage.self, prefix: "message-")
    }

    /// Messages received whole but refused at the end of DATA (`reply-data-NNN@…`, `flaky-K-NNN@…`),
    /// in order: what each failed attempt carried.
    public func refusedMessages() throws -> [ReceivedMessage] {
        try server.records(ReceivedMessage.self, prefix: "refused-")
    }

    /// How many TCP connections clients opened.
    public func connectionCount() throws -> Int {
        let log = try String(contentsOf: server.directory.appending(path: "connections.log"), encoding: .utf8)
        return log.split(separator: "\n").count
    }

    public func stop() {
        server.stop()
    }
}

/// Runs `body` with a fresh server, and stops the server whatever happens.
public func withSMTPServer(
    credentials: String? = nil, idleTimeout: Duration? = nil, _ body: (SMTPTestServer) async throws -> Void
) async throws {
    let server = try SMTPTestServer(credentials: credentials, idleTimeout: idleTimeout)
    defer { server.stop() }
    try await body(server)
}
