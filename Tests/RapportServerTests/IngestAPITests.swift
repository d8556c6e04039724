import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RapportCore
import RapportServer
import RapportStore
import Testing

@Suite("Ingest API over real HTTP")
struct IngestAPITests {
    @Test("PUT /v1/customers/{id} creates (201) then updates (200), UTF-8 intact")
    func upsertCustomer() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { client in
            let created = try await client.execute(
                uri: "/v1/customers/C1", method: .put, headers: authorized,
                body: ByteBuffer(
                    json:
                        #"{"email":"lan@example.vn","first_name":"Nguyễn Thị Lan","time_zone":"Asia/Ho_Chi_Minh","attributes":{"plan":"gold","visits":3}}"#
                ))
            #expect(created.status == .created)
            #expect(created.json["customers_created"] as? Int == 1)
            let updated = try await client.execute(
                uri: "/v1/customers/C1", method: .put, headers: authorized,
                body: ByteBuffer(json: #"{"renewal_date":"2027-01-15"}"#))
            #expect(updated.status == .ok)
            #expect(updated.json["customers_updated"] as? Int == 1)
        }
        let customer = try #require(try fixture.store.customer(id: "C1"))
        #expect(customer.firstName == "Nguyễn Thị Lan")
        #expect(customer.attributes["plan"] == .string("gold"))
        #expect(customer.attributes["visits"] == .number(3))
        #expect(customer.renewalDate == LocalDate("2027-01-15"))
    }

    @Test("A missing or wrong token is 401 and changes nothing")
    func unauthorized() async throws {
        let fixture = try ServerFixture()
        let before = try fixture.snapshot()
        try await fixture.run { client in
            for authorization in [nil, "Bearer wrong-token-0123456789abcdefghij", "Basic \(ServerFixture.token)"] {
                var headers: HTTPFields = [.contentType: "application/json"]
                if let authorization { headers[.authorization] = authorization }
                let response = try await client.execute(
                    uri: "/v1/customers/C1", method: .put, headers: headers,
                    body: ByteBuffer(json: #"{"email":"lan@example.vn"}"#))
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"rapport\"")
                #expect(response.json["error"] as? String == "unauthorized")
                #expect(!response.text.contains(ServerFixture.token))
            }
        }
        #expect(try fixture.snapshot() == before)
    }

    @Test(
        "A body that fails validation is 400 naming the field, and changes nothing",
        arguments: [
            ("/v1/customers/C1", #"{"email":"not an address"}"#, "email"),
            ("/v1/customers/C1", #"{"birthday":"31/12/1990","email":"a@b.vn"}"#, "birthday"),
            ("/v1/customers/C1", #"{"email":"a@b.vn","plan":"gold"}"#, "plan"),
            ("/v1/customers/C1", #"{"email":"a@b.vn","attributes":{"tags":["x"]}}"#, "attributes.tags"),
            ("/v1/customers/C1", #"{"id":"C2","email":"a@b.vn"}"#, "id"),
            ("/v1/events", #"{"customer":"C0","kind":"purchase","properties":{"amount":"lots"}}"#, "properties.amount"),
            ("/v1/events", #"{"customer":"C0","kind":"purchase","at":"yesterday","properties":{"amount":5}}"#, "at"),
            ("/v1/events", #"{"kind":"activity"}"#, "customer"),
            (
                "/v1/events", #"{"customer":"C0","kind":"renewal","properties":{"renewal_date":"soon"}}"#,
                "properties.renewal_date"
            ),
            (
                "/v1/events/batch",
                #"{"events":[{"customer":"C0","kind":"activity"},{"customer":"C0","kind":"activity","at":"2026-13-01T00:00:00Z"}]}"#,
                "events[1].at"
            ),
            (
                "/v1/customers/batch", #"{"customers":[{"id":"C5","email":"c5@x.vn"},{"email":"c6@x.vn"}]}"#,
                "customers[1].id"
            ),
        ])
    func invalidBody(path: String, body: String, field: String) async throws {
        let fixture = try ServerFixture()
        try fixture.addCustomer("C0")
        let before = try fixture.snapshot()
        try await fixture.run { client in
            let response = try await client.execute(
                uri: path, method: path.hasPrefix("/v1/customers/C") ? .put : .post, headers: authorized,
                body: ByteBuffer(json: body))
            #expect(response.status == .badRequest)
            #expect(response.json["field"] as? String == field, "\(response.text)")
            #expect((response.json["reason"] as? String)?.isEmpty == false)
        }
        #expect(try fixture.snapshot() == before)
    }

    @Test("A body that is not JSON is 400")
    func notJSON() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { client in
            let response = try await client.execute(
                uri: "/v1/events", method: .post, headers: authorized, body: ByteBuffer(json: #"{"customer": "C0",}"#))
            #expect(response.status == .badRequest)
            #expect((response.json["reason"] as? String)?.contains("not valid JSON") == true)
        }
    }

    @Test("A body over the cap is 413 before it is parsed, and changes nothing")
    func tooLarge() async throws {
        var fixture = try ServerFixture()
        fixture.maximumBodyBytes = 1_024
        try fixture.addCustomer("C0")
        let before = try fixture.snapshot()
        let events = (0..<40).map { #"{"customer":"C0","kind":"activity","id":"e\#($0)"}"# }.joined(separator: ",")
        try await fixture.run { client in
            let response = try await client.execute(
                uri: "/v1/events/batch", method: .post, headers: authorized,
                body: ByteBuffer(json: #"{"events":[\#(events)]}"#))
            #expect(response.status == .contentTooLarge)
            #expect(response.json["error"] as? String == "body_too_large")
        }
        #expect(try fixture.snapshot() == before)
    }

    @Test("An event for an unknown customer is refused with the field; a batch with one is applied not at all")
    func unknownCustomer() async throws {
        let fixture = try ServerFixture()
        try fixture.addCustomer("C0")
        let before = try fixture.snapshot()
        try await fixture.run { client in
            let single = try await client.execute(
                uri: "/v1/events", method: .post, headers: authorized,
                body: ByteBuffer(json: #"{"customer":"C404","kind":"activity"}"#))
            #expect(single.status == .unprocessableContent)
            #expect(single.json["field"] as? String == "customer")
            let batch = try await client.execute(
                uri: "/v1/events/batch", method: .post, headers: authorized,
                body: ByteBuffer(
                    json:
                        #"{"events":[{"customer":"C0","kind":"purchase","properties":{"amount":120000}},{"customer":"C404","kind":"activity"}]}"#
                ))
            #expect(batch.status == .unprocessableContent)
            #expect(batch.json["field"] as? String == "events[1].customer")
            let newWithoutEmail = try await client.execute(
                uri: "/v1/customers/C9", method: .put, headers: authorized,
                body: ByteBuffer(json: #"{"first_name":"Minh"}"#))
            #expect(newWithoutEmail.status == .unprocessableContent)
            #expect(newWithoutEmail.json["field"] as? String == "email")
        }
        #expect(try fixture.snapshot() == before)
    }

    @Test("Events are stored with their effects: activity, signup, renewal date, purchase amount")
    func eventEffects() async throws {
        let fixture = try ServerFixture()
        try fixture.addCustomer("C0")
        try await fixture.run { client in
            let response = try await client.execute(
                uri: "/v1/events/batch", method: .post, headers: authorized,
                body: ByteBuffer(
                    json: """
                        {"events":[
                          {"customer":"C0","kind":"signup","at":"2026-11-20T10:00:00+07:00"},
                          {"customer":"C0","kind":"purchase","at":"2026-11-21T10:00:00+07:00","id":"order-1","properties":{"amount":350000}},
                          {"customer":"C0","kind":"renewal","properties":{"renewal_date":"2027-11-21"}}
                        ]}
                        """))
            #expect(response.status == .ok)
            #expect(response.json["events_recorded"] as? Int == 3)
            let again = try await client.execute(
                uri: "/v1/events", method: .post, headers: authorized,
                body: ByteBuffer(
                    json: #"{"customer":"C0","kind":"purchase","id":"order-1","properties":{"amount":350000}}"#))
            #expect(again.json["events_duplicate"] as? Int == 1)
        }
        let customer = try #require(try fixture.store.customer(id: "C0"))
        #expect(customer.signedUpAt == Timestamp.parse("2026-11-20T10:00:00+07:00"))
        #expect(customer.lastActiveAt == Timestamp.parse("2026-11-21T10:00:00+07:00"))
        #expect(customer.renewalDate == LocalDate("2027-11-21"))
        #expect(try fixture.count("SELECT COUNT(*) FROM events") == 3)
    }

    @Test(
        "A repeated Idempotency-Key returns the first answer and applies nothing again; reused with another body: 422")
    func idempotency() async throws {
        let fixture = try ServerFixture()
        try fixture.addCustomer("C0")
        var keyed = authorized
        keyed[HTTPField.Name("Idempotency-Key")!] = "5f0c6a8e-2b1d-4c55-9a43-0e7e1b2f9d10"
        let headers = keyed
        let body = #"{"customer":"C0","kind":"activity"}"#
        try await fixture.run { client in
            let first = try await client.execute(
                uri: "/v1/events", method: .post, headers: headers, body: ByteBuffer(json: body))
            let second = try await client.execute(
                uri: "/v1/events", method: .post, headers: headers, body: ByteBuffer(json: body))
            #expect(first.status == .ok)
            #expect(second.status == first.status)
            #expect(second.text == first.text)
            #expect(second.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let reused = try await client.execute(
                uri: "/v1/events", method: .post, headers: headers,
                body: ByteBuffer(json: #"{"customer":"C0","kind":"purchase","properties":{"amount":1}}"#))
            #expect(reused.status == .unprocessableContent)
            #expect(reused.json["error"] as? String == "idempotency_key_reused")
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM events") == 1)
    }
}
