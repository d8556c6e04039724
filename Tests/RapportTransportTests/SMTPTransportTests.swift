import Foundation
import RapportCore
import RapportTestSupport
import RapportTransport
import Testing

@Suite("SMTPTransport against a real SMTP server")
struct SMTPTransportTests {
    @Test("a batch arrives byte for byte over one connection")
    func batchOverOneConnection() async throws {
        try await withSMTPServer { server in
            let transport = try SMTPTransport(
                settings: .init(url: server.url, starttls: .off, heloName: "rapport.example.com")
            )
            let envelopes = try (1...3).map { try TestEnvelopes.make(number: $0) }
            var receipts: [TransportReceipt] = []
            for envelope in envelopes {
                receipts.append(try await transport.deliver(envelope))
            }

            #expect(receipts.map(\.reply) == (1...3).map { "250 2.0.0 Ok: queued as M000\($0)" })
            let received = try server.messages()
            try #require(received.count == 3)
            for (message, envelope) in zip(received, envelopes) {
                #expect(Array(message.content) == envelope.data)
                #expect(message.mailFrom == "bounces@example.com")
                #expect(message.rcptTos == ["nhung@example.com"])
                #expect(message.helo == "rapport.example.com")
            }
            #expect(String(decoding: received[0].content, as: UTF8.self).contains("Chào Nguyễn Thị Hồng Nhung,"))
            #expect(try server.connectionCount() == 1)
            #expect(Set(received.map(\.peerPort)).count == 1)
        }
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let recipient: String
        let code: TransportError.Code
        let reply: String

        var testDescription: String { "\(recipient) → \(code)" }
    }

    @Test(
        "a refusal keeps the server's words and sorts by reply class",
        arguments: [
            Refusal(
                recipient: "reply-rcpt-550@example.com",
                code: .permanent,
                reply: "550 5.1.1 <reply-rcpt-550@example.com>: Recipient address rejected: mailbox unavailable"
            ),
            Refusal(recipient: "reply-rcpt-452@example.com", code: .temporary, reply: "452 4.2.2 mailbox full"),
            Refusal(recipient: "reply-data-451@example.com", code: .temporary, reply: "451 4.3.0 try later"),
            Refusal(recipient: "reply-data-554@example.com", code: .permanent, reply: "554 5.7.1 message refused"),
        ]
    )
    func refusal(_ refusal: Refusal) async throws {
        try await withSMTPServer { server in
            let transport = try SMTPTransport(settings: .init(url: server.url, starttls: .off))

            let error = await #expect(throws: TransportError.self) {
                try await transport.deliver(TestEnvelopes.make(number: 1, to: refusal.recipient))
            }
            #expect(error?.code == refusal.code)
            #expect(error?.reply == refusal.reply)
            #expect(try server.messages().isEmpty)

            let next = try await transport.deliver(TestEnvelopes.make(number: 2))
            #expect(next.reply == "250 2.0.0 Ok: queued as M0001")
            #expect(try server.connectionCount() == 2, "the connection is not reused after a failure")
        }
    }

    @Test("the configured credentials are used, and wrong ones are a configuration error")
    func authentication() async throws {
        try await withSMTPServer(credentials: "rapport:s3cret-pw") { server in
            let good = try SMTPTransport(
                settings: .init(url: server.url, starttls: .off, username: "rapport", password: "s3cret-pw")
            )
            let wrong = try SMTPTransport(
                settings: .init(url: server.url, starttls: .off, username: "rapport", password: "wrong-pw")
            )
            let anonymous = try SMTPTransport(settings: .init(url: server.url, starttls: .off))

            let receipt = try await good.deliver(TestEnvelopes.make(number: 1))
            let refused = await #expect(throws: TransportError.self) {
                try await wrong.deliver(TestEnvelopes.make(number: 2))
            }
            let unauthenticated = await #expect(throws: TransportError.self) {
                try await anonymous.deliver(TestEnvelopes.make(number: 3))
            }

            #expect(receipt.reply == "250 2.0.0 Ok: queued as M0001")
            #expect(refused?.code == .configuration)
            #expect(refused?.reply.contains("wrong-pw") == false)
            #expect(unauthenticated?.code == .configuration)
            #expect(unauthenticated?.reply == "530 5.7.0 Authentication required")
            #expect(try server.messages().count == 1)
        }
    }

    @Test("nothing listening is temporary")
    func connectionRefused() async throws {
        let closed = try LoopbackSocket(listening: false)
        let transport = try SMTPTransport(settings: .init(url: "smtp://127.0.0.1:\(closed.port)", starttls: .off))

        let error = await #expect(throws: TransportError.self) {
            try await transport.deliver(TestEnvelopes.make(number: 1))
        }
        #expect(error?.code == .temporary)
        #expect(error?.reply.contains("127.0.0.1 port \(closed.port)") == true)
    }

    @Test("a server that never greets times out as temporary")
    func silentServerTimesOut() async throws {
        let silent = try LoopbackSocket(listening: true)
        let transport = try SMTPTransport(
            settings: .init(url: "smtp://127.0.0.1:\(silent.port)", starttls: .off, timeout: .milliseconds(300))
        )

        let error = await #expect(throws: TransportError.self) {
            try await transport.deliver(TestEnvelopes.make(number: 1))
        }
        #expect(error?.code == .temporary)
        #expect(error?.reply.contains("timed out") == true)
    }

    @Test("required STARTTLS never falls back to plain text")
    func requiredStartTLSWithoutOffer() async throws {
        try await withSMTPServer { server in
            let transport = try SMTPTransport(
                settings: .init(url: server.url, starttls: .required, username: "rapport", password: "s3cret-pw")
            )

            let error = await #expect(throws: TransportError.self) {
                try await transport.deliver(TestEnvelopes.make(number: 1))
            }
            #expect(error?.code == .configuration)
            #expect(error?.reply.contains("STARTTLS") == true)
            #expect(error?.reply.contains("s3cret-pw") == false)
            #expect(try server.messages().isEmpty)
        }
    }

    @Test(
        "settings libcurl would misread are refused before any connection",
        arguments: [
            "http://127.0.0.1:25",
            "127.0.0.1:25",
            "smtp://rapport:s3cret-pw@127.0.0.1:25",
            "smtp://127.0.0.1:25/rapport.example.com",
        ]
    )
    func invalidURL(_ url: String) throws {
        let error = #expect(throws: TransportError.self) {
            try SMTPTransport(settings: .init(url: url))
        }
        #expect(error?.code == .configuration)
        #expect(error?.reply.contains("s3cret-pw") == false)
    }

    @Test("printed settings hide the password")
    func settingsDescriptionHidesPassword() {
        let settings = SMTPTransport.Settings(url: "smtp://127.0.0.1:25", username: "rapport", password: "s3cret-pw")

        #expect(!String(describing: settings).contains("s3cret-pw"))
        #expect(!String(reflecting: settings).contains("s3cret-pw"))
        var dumped = ""
        dump(settings, to: &dumped)
        #expect(!dumped.contains("s3cret-pw"))
        #expect(String(describing: settings).contains("username: rapport"))
    }
}

/// What a relay does to kept connections and to credentials it should not repeat.
@Suite("SMTPTransport with a relay that closes idle connections or echoes the login")
struct SMTPRelayBehaviourTests {
    @Test("a connection the relay closed while idle costs the next message nothing")
    func idleConnectionClosedByTheRelay() async throws {
        try await withSMTPServer(idleTimeout: .seconds(1)) { server in
            let transport = try SMTPTransport(settings: .init(url: server.url, starttls: .off))
            _ = try await transport.deliver(TestEnvelopes.make(number: 1))
            try await Task.sleep(for: .seconds(2.5))
            let receipt = try await transport.deliver(TestEnvelopes.make(number: 2))
            #expect(receipt.reply == "250 2.0.0 Ok: queued as M0002")
            #expect(try server.messages().count == 2)
            #expect(try server.connectionCount() == 2, "the second message went on a fresh connection")
        }
    }

    @Test("a kept connection idle past maximumIdle is not reused")
    func idleConnectionRetiredByRapport() async throws {
        try await withSMTPServer { server in
            var settings = SMTPTransport.Settings(url: server.url, starttls: .off)
            settings.maximumIdle = .seconds(1)
            let transport = try SMTPTransport(settings: settings)
            _ = try await transport.deliver(TestEnvelopes.make(number: 1))
            let before = try server.connectionCount()
            try await Task.sleep(for: .seconds(2.5))
            _ = try await transport.deliver(TestEnvelopes.make(number: 2))
            #expect(try server.connectionCount() == before + 1, "opened anew after 2.5 s idle, past maximumIdle")
        }
    }

    @Test("a connection dropped before any reply says so")
    func droppedConnectionIsNamed() async throws {
        try await withSMTPServer { server in
            let transport = try SMTPTransport(settings: .init(url: server.url, starttls: .off))
            // drop-data-5: the relay reads one line of the message and hangs up, five times over.
            let failure = await #expect(throws: TransportError.self) {
                try await transport.deliver(TestEnvelopes.make(number: 1, to: "drop-data-5@example.com"))
            }
            #expect(failure?.code == .temporary)
            #expect(
                failure?.reply.hasPrefix("connection closed by the server in the middle of the message, after '354")
                    == true, "\(failure?.reply ?? "")")
        }
    }

    @Test("a reply that echoes the login keeps neither the password nor the user, plain or base64")
    func echoedCredentialsAreRedacted() async throws {
        try await withSMTPServer(credentials: "rapport-user:s3cret-pw") { server in
            let transport = try SMTPTransport(
                settings: .init(url: server.url, starttls: .off, username: "rapport-user", password: "s3cret-pw"))
            let failure = await #expect(throws: TransportError.self) {
                try await transport.deliver(TestEnvelopes.make(number: 1, to: "echo-rcpt@example.com"))
            }
            let reply = failure?.reply ?? ""
            #expect(reply == "550 5.7.1 refused for <redacted> with password <redacted> (<redacted>)", "\(reply)")
        }
    }
}
