import Foundation
import RapportCore
import RapportTestSupport
import RapportTransport
import Testing

@Suite("HTTPTransport against a real HTTP server")
struct HTTPTransportTests {
    static let secret = "sk-test-9f8e7d6c5b4a"

    /// A rendered renewal reminder for a Vietnamese customer with a phone number.
    static func envelope(occurrence: String = "2027-05-21:-7d") throws -> Envelope {
        let messageID = MessageID(
            occurrence: OccurrenceKey(rawValue: occurrence), campaign: "renewal", customer: "C001",
            domain: "hoamai.example")
        let message = OutgoingMessage(
            from: Mailbox(displayName: "Cửa hàng Hoa Mai", address: try EmailAddress("hello@hoamai.example")),
            to: .email(Mailbox(displayName: "Nguyễn Thị Hồng Nhung", address: try EmailAddress("nhung@example.vn"))),
            subject: "Thẻ của bạn gia hạn ngày 21/05", text: "Chào chị Nhung,\n\"Hoa Mai\" nhắc bạn gia hạn.",
            date: Date(timeIntervalSince1970: 1_795_399_200), messageID: messageID)
        let customer = Customer(
            id: "C001", email: "nhung@example.vn", firstName: "Hồng Nhung", lastName: "Nguyễn Thị", locale: "vi",
            attributes: ["phone": .string("+84901234567")])
        return Delivery(
            campaignID: "renewal", customerID: "C001", occurrence: OccurrenceKey(rawValue: occurrence),
            message: message, values: TemplateValues(customer: customer)
        ).envelope
    }

    static func transport(
        _ server: HTTPTestServer, shape: APIRequestShape = .json, headers: [HTTPHeader] = [],
        authorizationScheme: String? = nil
    ) throws -> HTTPTransport {
        try HTTPTransport(
            settings: .init(
                url: server.url("/v1/messages"), shape: shape, headers: headers, authorization: secret,
                authorizationScheme: authorizationScheme))
    }

    @Test("an SMS gateway's 200 with the verdict in its body: only the accepted code is sent")
    func verdictInTheBody() async throws {
        try await withHTTPServer(responding: [
            .init(status: 200, body: #"{"CodeResult":"100","SMSID":"e1f2"}"#),
            .init(status: 200, body: #"{"CodeResult":"104","ErrorMessage":"Phone not valid"}"#),
            .init(status: 200, body: #"{"CodeResult":"-9","ErrorMessage":"unknown"}"#),
        ]) { server in
            var settings = HTTPTransport.Settings(url: server.url("/v1/messages"), authorization: Self.secret)
            settings.result = APIResultRule(
                field: "CodeResult", accepted: ["100"], refused: ["104"], messageIDField: "SMSID")
            let transport = try HTTPTransport(settings: settings)
            let envelope = try Self.envelope()
            #expect(try await transport.deliver(envelope).reply == "HTTP 200: accepted (CodeResult 100), message id e1f2")
            let refused = await #expect(throws: TransportError.self) { try await transport.deliver(envelope) }
            #expect(refused?.code == .permanent)
            let unknown = await #expect(throws: TransportError.self) { try await transport.deliver(envelope) }
            #expect(unknown?.code == .temporary)
            #expect(unknown?.reply.contains("CodeResult -9 is in none of accepted, retry, refused, setup") == true)
        }
    }

    @Test("200, 429 with Retry-After, 500, 400: sent, temporary with the advice, temporary, permanent")
    func scriptedSequence() async throws {
        try await withHTTPServer(responding: [
            .init(status: 200, body: #"{"id": "msg-1", "status": "queued"}"#),
            .init(status: 429, headers: ["Retry-After": "120"], body: #"{"error": "rate limited"}"#),
            .init(status: 500, body: "internal error"),
            .init(status: 400, body: #"{"error": "invalid phone number"}"#),
        ]) { server in
            let transport = try Self.transport(server)
            let envelope = try Self.envelope()

            let receipt = try await transport.deliver(envelope)
            #expect(receipt.reply == #"HTTP 200: {"id": "msg-1", "status": "queued"}"#)

            let limited = await #expect(throws: TransportError.self) { try await transport.deliver(envelope) }
            #expect(limited?.code == .temporary)
            #expect(limited?.retryAfter == .delay(TimeSpan(seconds: 120)))
            #expect(limited?.reply == #"HTTP 429: {"error": "rate limited"}"#)

            let broken = await #expect(throws: TransportError.self) { try await transport.deliver(envelope) }
            #expect(broken?.code == .temporary)
            #expect(broken?.retryAfter == nil)
            #expect(broken?.reply == "HTTP 500: internal error")

            let refused = await #expect(throws: TransportError.self) { try await transport.deliver(envelope) }
            #expect(refused?.code == .permanent)
            #expect(refused?.reply == #"HTTP 400: {"error": "invalid phone number"}"#)

            for error in [limited, broken, refused] {
                #expect(error?.description.contains(Self.secret) == false)
            }

            let requests = try server.requests()
            try #require(requests.count == 4)
            let expectedKey = IdempotencyKey(messageID: envelope.messageID).value
            #expect(requests.map { $0.header("Idempotency-Key") } == Array(repeating: expectedKey, count: 4))
            let expectedBody = try APIRequestShape.json.request(for: envelope).body
            for request in requests {
                #expect(request.method == "POST")
                #expect(request.path == "/v1/messages")
                #expect(request.values(of: "Authorization") == ["Bearer \(Self.secret)"])
                #expect(request.header("Content-Type") == "application/json")
                #expect(request.header("Accept") == "application/json")
                #expect(request.header("Expect") == nil)
                #expect(Array(request.body) == expectedBody)
            }
            let text = String(decoding: requests[0].body, as: UTF8.self)
            #expect(text.contains(#""to_name":"Nguyễn Thị Hồng Nhung""#))
            #expect(text.contains(#""text":"Chào chị Nhung,\n\"Hoa Mai\" nhắc bạn gia hạn.""#))
            // One kept-alive connection for the whole sequence.
            #expect(Set(requests.map(\.peerPort)).count == 1)
        }
    }

    @Test("another occurrence of the same campaign and customer gets another Idempotency-Key")
    func keyFollowsOccurrence() async throws {
        try await withHTTPServer(responding: [.init(status: 202)]) { server in
            let transport = try Self.transport(server)
            let first = try await transport.deliver(Self.envelope(occurrence: "2027-05-21:-7d"))
            _ = try await transport.deliver(Self.envelope(occurrence: "2027-05-21:-1d"))
            #expect(first.reply == "HTTP 202")
            let keys = try server.requests().compactMap { $0.header("Idempotency-Key") }
            #expect(keys.count == 2)
            #expect(Set(keys).count == 2)
        }
    }

    @Test("503 with an HTTP-date Retry-After carries that date")
    func retryAfterDate() async throws {
        try await withHTTPServer(responding: [
            .init(status: 503, headers: ["Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"], body: "maintenance")
        ]) { server in
            let error = await #expect(throws: TransportError.self) {
                try await Self.transport(server).deliver(Self.envelope())
            }
            #expect(error?.code == .temporary)
            #expect(error?.retryAfter == .date(Date(timeIntervalSince1970: 1_792_567_680)))
        }
    }

    @Test("a refused credential is configuration, and a server echoing it does not get it into the ledger")
    func refusedCredential() async throws {
        try await withHTTPServer(responding: [
            .init(status: 401, body: #"{"error": "bad key Bearer \#(Self.secret)"}"#),
            .init(status: 422, body: #"{"echo": "\#(Self.secret)"}"#),
        ]) { server in
            let transport = try Self.transport(server)
            let unauthorized = await #expect(throws: TransportError.self) {
                try await transport.deliver(Self.envelope())
            }
            #expect(unauthorized?.code == .configuration)
            #expect(unauthorized?.reply.contains(Self.secret) == false)
            #expect(unauthorized?.reply.contains("<redacted>") == true)
            #expect(unauthorized?.reply.contains("authorization file") == true)
            let invalid = await #expect(throws: TransportError.self) { try await transport.deliver(Self.envelope()) }
            #expect(invalid?.code == .permanent)
            #expect(invalid?.reply.contains(Self.secret) == false)
        }
    }

    @Test("postmark: the token goes in X-Postmark-Server-Token, alone, and Authorization is not sent")
    func postmarkCredential() async throws {
        try await withHTTPServer(responding: [.init(status: 200, body: #"{"MessageID": "b7bc2f4a"}"#)]) { server in
            _ = try await Self.transport(server, shape: .postmark).deliver(Self.envelope())
            let request = try #require(try server.requests().first)
            #expect(request.header("X-Postmark-Server-Token") == Self.secret)
            #expect(request.header("Authorization") == nil)
            let body = try #require(JSONSerialization.jsonObject(with: request.body) as? [String: Any])
            #expect(body["To"] as? String == "Nguyễn Thị Hồng Nhung <nhung@example.vn>")
        }
    }

    @Test("an SMS body template reaches the server with the customer's phone, and configured headers go along")
    func templateAndHeaders() async throws {
        let template = try Template(
            #"{"from": "HoaMai", "to": "{{attributes.phone}}", "text": "{{message.text}}"}"#, kind: .json,
            location: SourceLocation(file: "sms-body.json", line: 1, column: 1),
            extraFields: APIRequestShape.templateFields)
        try await withHTTPServer(responding: [.init(status: 200)]) { server in
            let transport = try Self.transport(
                server, shape: .template(template),
                headers: [HTTPHeader(name: "X-Account", value: "hoa-mai"), HTTPHeader(name: "Accept", value: "*/*")],
                authorizationScheme: "Token")
            _ = try await transport.deliver(Self.envelope())
            let request = try #require(try server.requests().first)
            #expect(
                String(decoding: request.body, as: UTF8.self)
                    == #"{"from": "HoaMai", "to": "+84901234567", "text": "Chào chị Nhung,\n\"Hoa Mai\" nhắc bạn gia hạn."}"#
            )
            #expect(request.header("X-Account") == "hoa-mai")
            #expect(request.values(of: "Accept") == ["*/*"])
            #expect(request.header("Authorization") == "Token \(Self.secret)")
        }
    }

    @Test("nothing listening is temporary")
    func connectionRefused() async throws {
        let closed = try LoopbackSocket(listening: false)
        let transport = try HTTPTransport(
            settings: .init(url: "http://127.0.0.1:\(closed.port)/", authorization: Self.secret))
        let error = await #expect(throws: TransportError.self) { try await transport.deliver(Self.envelope()) }
        #expect(error?.code == .temporary)
        #expect(error?.reply.contains("127.0.0.1 port \(closed.port)") == true)
        #expect(error?.reply.contains(Self.secret) == false)
    }

    @Test("a server that never answers times out as temporary")
    func silentServerTimesOut() async throws {
        let silent = try LoopbackSocket(listening: true)
        let transport = try HTTPTransport(
            settings: .init(url: "http://127.0.0.1:\(silent.port)/", timeout: .milliseconds(300)))
        let error = await #expect(throws: TransportError.self) { try await transport.deliver(Self.envelope()) }
        #expect(error?.code == .temporary)
        #expect(error?.reply.contains("timed out") == true)
    }

    @Test("https to a server that speaks plain HTTP is a configuration error")
    func tlsToPlainServer() async throws {
        try await withHTTPServer(responding: [.init(status: 200)]) { server in
            let transport = try HTTPTransport(
                settings: .init(url: "https://127.0.0.1:\(server.port)/", connectTimeout: .seconds(5)))
            let error = await #expect(throws: TransportError.self) { try await transport.deliver(Self.envelope()) }
            #expect(error?.code == .configuration)
            #expect(try server.requests().isEmpty)
        }
    }

    struct BadSettings: Sendable, CustomTestStringConvertible {
        let settings: HTTPTransport.Settings
        let reason: String

        var testDescription: String { reason }
    }

    @Test(
        "settings that would leak, or that libcurl would misread, are refused before the first message",
        arguments: [
            BadSettings(settings: .init(url: "ftp://api.example.com/"), reason: "url must look like"),
            BadSettings(settings: .init(url: "http://api.example.com/send"), reason: "must be https://"),
            BadSettings(settings: .init(url: "https://user:pw@api.example.com/"), reason: "must not hold credentials"),
            BadSettings(
                settings: .init(
                    url: "https://api.example.com/", headers: [HTTPHeader(name: "Authorization", value: secret)]),
                reason: "authorization_file"),
            BadSettings(
                settings: .init(
                    url: "https://api.example.com/", headers: [HTTPHeader(name: "X-A", value: "a\r\nX-B: b")]),
                reason: "line break"),
            BadSettings(
                settings: .init(
                    url: "https://api.example.com/", headers: [HTTPHeader(name: "Idempotency-Key", value: "1")]),
                reason: "set by Rapport"),
            BadSettings(
                settings: .init(url: "https://api.example.com/", authorization: "\(secret)\nX-Injected: 1"),
                reason: "control character"),
            BadSettings(settings: .init(url: "https://api.example.com/", timeout: .zero), reason: "positive"),
        ])
    func badSettings(_ bad: BadSettings) {
        let error = #expect(throws: TransportError.self) { try HTTPTransport(settings: bad.settings) }
        #expect(error?.code == .configuration)
        #expect(error?.reply.contains(bad.reason) == true, "\(String(describing: error))")
        #expect(error?.reply.contains(Self.secret) == false)
    }

    @Test("settings print without the credential")
    func settingsDescription() {
        let settings = HTTPTransport.Settings(
            url: "https://api.sendgrid.com/v3/mail/send", shape: .sendGrid, authorization: Self.secret)
        #expect(!"\(settings)".contains(Self.secret))
        #expect("\(settings)".contains("Authorization: Bearer <redacted>"))
        #expect(!String(reflecting: settings).contains(Self.secret))
        var dumped = ""
        dump(settings, to: &dumped)
        #expect(!dumped.contains(Self.secret))
    }
}
