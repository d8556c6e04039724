import Foundation
import RapportCore
import RapportTestSupport
import RapportTransport
import Testing

/// `preset: esms` against a real HTTP server: eSMS's body with the keys inside, the phone as eSMS
/// wants it, Unicode flagged for Vietnamese text, the verdict read from `CodeResult`, and the keys
/// kept out of what the ledger shows even when the gateway echoes them.
@Suite struct ESMSTransportTests {
    static let account = ESMSAccount(brandname: "HOAMAI", apiKey: "esms-api-key-123", secretKey: "esms-secret-456")

    static func envelope(text: String) throws -> Envelope {
        let occurrence = OccurrenceKey(rawValue: "2027")
        let messageID = MessageID(occurrence: occurrence, campaign: "birthday", customer: "P1", domain: "hoamai.example")
        let message = OutgoingMessage(
            from: Mailbox(address: try EmailAddress("hello@hoamai.example")),
            to: .phone(try PhoneNumber("0912 345 678", countryCode: 84)), subject: text, text: text,
            date: Date(timeIntervalSince1970: 1_795_399_200), messageID: messageID)
        return Delivery(campaignID: "birthday", customerID: "P1", occurrence: occurrence, message: message).envelope
    }

    @Test func theBodyCarriesTheKeysPhoneAndTextAndTheVerdictComesFromCodeResult() async throws {
        try await withHTTPServer(responding: [
            .init(status: 200, body: #"{"CodeResult":"100","SMSID":"abc-1"}"#),
            .init(status: 200, body: #"{"CodeResult":"124","SMSID":"abc-1"}"#),
            .init(status: 200, body: #"{"CodeResult":"99","ErrorMessage":"blocked esms-secret-456"}"#),
            .init(status: 200, body: #"{"CodeResult":"101","ErrorMessage":"wrong esms-api-key-123"}"#),
        ]) { server in
            var settings = HTTPTransport.Settings(url: server.url("/esms"), shape: .esms(Self.account))
            settings.result = ESMSAccount.resultRule
            let transport = try HTTPTransport(settings: settings)
            let envelope = try Self.envelope(text: "Hoa Mai chúc mừng sinh nhật Hà!")
            #expect(try await transport.deliver(envelope).reply.contains("message id abc-1"))
            // The resend after a crash: eSMS already has this RequestId, so it was sent.
            #expect(try await transport.deliver(envelope).reply.contains("CodeResult 124"))
            let refused = await #expect(throws: TransportError.self) { try await transport.deliver(envelope) }
            #expect(refused?.code == .permanent)
            #expect(refused?.refusesRecipient == true)
            #expect(refused?.reply.contains("esms-secret-456") == false, "\(refused?.reply ?? "")")
            let setup = await #expect(throws: TransportError.self) { try await transport.deliver(envelope) }
            #expect(setup?.code == .configuration)
            #expect(setup?.reply.contains("esms-api-key-123") == false)

            let requests = try server.requests()
            let body = try #require(try JSONSerialization.jsonObject(with: requests[0].body) as? [String: String])
            #expect(body["ApiKey"] == "esms-api-key-123")
            #expect(body["SecretKey"] == "esms-secret-456")
            #expect(body["Phone"] == "84912345678")
            #expect(body["Content"] == "Hoa Mai chúc mừng sinh nhật Hà!")
            #expect(body["Brandname"] == "HOAMAI")
            #expect(body["IsUnicode"] == "1")
            #expect(body["RequestId"] == IdempotencyKey(messageID: envelope.messageID).value)
            #expect(requests[0].header("Authorization") == nil, "eSMS takes its keys in the body only")
            #expect(requests[1].body == requests[0].body, "a resend is the same request")
        }
    }

    @Test func anEmailRecipientIsASetupMistakeNotAMessage() async throws {
        try await withHTTPServer(responding: [.init(status: 200, body: #"{"CodeResult":"100"}"#)]) { server in
            let transport = try HTTPTransport(settings: .init(url: server.url("/esms"), shape: .esms(Self.account)))
            let error = await #expect(throws: TransportError.self) {
                try await transport.deliver(try HTTPTransportTests.envelope())
            }
            #expect(error?.code == .configuration)
            #expect(try server.requests().isEmpty)
        }
    }
}
