import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RapportCore
import RapportServer
import RapportStore
import Testing

/// What the ingest API refuses, and what it treats as one identity, asserted with the exact
/// field and reason and the store unchanged.
@Suite("Ingest validation over real HTTP")
struct IngestValidationTests {
    @Test("A percent-encoded id in the path is decoded: KH%20001 is customer 'KH 001', once")
    func percentDecodedID() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { client in
            let created = try await client.execute(
                uri: "/v1/customers/KH%20001", method: .put, headers: authorized,
                body: ByteBuffer(json: #"{"email":"kh@example.vn","first_name":"Hà"}"#))
            #expect(created.status == .created, "\(created.text)")
            let updated = try await client.execute(
                uri: "/v1/customers/KH%20001", method: .put, headers: authorized,
                body: ByteBuffer(json: #"{"id":"KH 001","last_name":"Lê"}"#))
            #expect(updated.status == .ok, "\(updated.text)")
            #expect(updated.json["customers_updated"] as? Int == 1)
            let unicode = try await client.execute(
                uri: "/v1/customers/Nguy%E1%BB%85n", method: .put, headers: authorized,
                body: ByteBuffer(json: #"{"email":"ng@example.vn"}"#))
            #expect(unicode.status == .created, "\(unicode.text)")
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM customers") == 2)
        let customer = try #require(try fixture.store.customer(id: "KH 001"))
        #expect(customer.firstName == "Hà")
        #expect(customer.lastName == "Lê")
        #expect(try fixture.store.customer(id: "KH%20001") == nil)
        #expect(try fixture.store.customer(id: "Nguyễn")?.email == "ng@example.vn")
    }

    @Test(
        "A refused body or path is 400 naming the field with the reason, and changes nothing",
        arguments: [
            (
                "/v1/customers/KH%2", #"{"email":"a@b.vn"}"#, "id",
                "'KH%2' is not valid percent-encoding; encode the id's UTF-8 bytes as %XX, e.g. KH%20001 for 'KH 001'"
            ),
            (
                "/v1/customers/C%FF", #"{"email":"a@b.vn"}"#, "id",
                "'C%FF' is not valid percent-encoding; encode the id's UTF-8 bytes as %XX, e.g. KH%20001 for 'KH 001'"
            ),
            (
                "/v1/customers/J14%00-x", #"{"email":"a@b.vn"}"#, "id",
                "holds the control character U+0000 at character 4; remove it"
            ),
            (
                "/v1/customers/C0", #"{"first_name":"Lan\u0000x"}"#, "first_name",
                "holds the control character U+0000 at character 4; only tab and line breaks are allowed"
            ),
            (
                "/v1/customers/C0", #"{"attributes":{"plan":"gold\u0007"}}"#, "attributes.plan",
                "holds the control character U+0007 at character 5; only tab and line breaks are allowed"
            ),
            (
                "/v1/customers/batch",
                #"{"customers":[{"id":"C5","email":"c5@x.vn"},{"id":"J14\u0000-x","email":"j@x.vn"}]}"#,
                "customers[1].id", "holds the control character U+0000 at character 4; remove it"
            ),
            (
                "/v1/customers/batch",
                #"{"customers":[{"id":"C5","email":"c5@x.vn"},{"id":"C5","email":"other@x.vn"}]}"#,
                "customers[1].id", "'C5' already appears at customers[0]"
            ),
            (
                "/v1/customers/C0", #"{"last_active_at":"9999-01-01T00:00:00Z"}"#, "last_active_at",
                "'9999-01-01T00:00:00Z' is before 1900 or more than a day after now (2026-11-23T02:00:00Z); give when it happened"
            ),
            (
                "/v1/customers/C0", #"{"email":"a@b.vn","email":"c@d.vn"}"#, "email",
                "appears twice in one object; give each key once"
            ),
            (
                "/v1/events", #"{"customer":"C0\u001b","kind":"activity"}"#, "customer",
                "holds the control character U+001B at character 3; remove it"
            ),
            (
                "/v1/events/batch",
                #"{"events":[{"customer":"C0","kind":"purchase","properties":{"amount":5,"amount":-1}}]}"#,
                "events[0].properties.amount", "appears twice in one object; give each key once"
            ),
            (
                "/v1/events", #"{"customer":"C0","kind":"activity","at":"9999-12-31T00:00:00Z"}"#, "at",
                "'9999-12-31T00:00:00Z' is before 1900 or more than a day after now (2026-11-23T02:00:00Z); give when it happened"
            ),
            (
                "/v1/events", #"{"customer":"C0","kind":"purchase","properties":{"amount":-1}}"#,
                "properties.amount", "a purchase needs its amount as a number of 0 or more"
            ),
            (
                "/v1/events/batch",
                #"{"events":[{"customer":"C0","kind":"renewal","properties":{"renewal_date":"2200-01-01"}}]}"#,
                "events[0].properties.renewal_date", "'2200-01-01' is outside 1900–2126; give the real renewal date"
            ),
        ])
    func refused(path: String, body: String, field: String, reason: String) async throws {
        let fixture = try ServerFixture()
        try fixture.addCustomer("C0")
        let before = try fixture.snapshot()
        try await fixture.run { client in
            let response = try await client.execute(
                uri: path, method: path.hasPrefix("/v1/customers/") && path != "/v1/customers/batch" ? .put : .post,
                headers: authorized, body: ByteBuffer(json: body))
            #expect(response.status == .badRequest, "\(response.text)")
            #expect(response.json["error"] as? String == "invalid_request")
            #expect(response.json["field"] as? String == field, "\(response.text)")
            #expect(response.json["reason"] as? String == reason, "\(response.text)")
        }
        #expect(try fixture.snapshot() == before)
    }

    /// An event without `id` is named by its content by the same check the import uses, so the
    /// same event sent again — or sent after `rapport import events` recorded it — adds nothing.
    @Test("An event without id sent twice, or after the import recorded it, is recorded once")
    func contentIDMatchesTheImport() async throws {
        let fixture = try ServerFixture()
        try fixture.addCustomer("C0")
        let line =
            #"{"customer":"C0","kind":"purchase","at":"2026-11-20T09:30:00+07:00","properties":{"amount":350000}}"#
        let imported = EventImport.parse(ImportText(Array(line.utf8)), now: ServerFixture.now)
        #expect(try fixture.store.record(imported.rows.map(\.event), at: ServerFixture.now).recorded == 1)
        try await fixture.run { client in
            for _ in 0..<2 {
                let response = try await client.execute(
                    uri: "/v1/events", method: .post, headers: authorized,
                    body: ByteBuffer(
                        json:
                            #"{"kind":"purchase","customer":"C0","at":"2026-11-20T02:30:00Z","properties":{"amount":350000}}"#
                    ))
                #expect(response.status == .ok, "\(response.text)")
                #expect(response.json["events_recorded"] as? Int == 0)
                #expect(response.json["events_duplicate"] as? Int == 1)
            }
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM events") == 1)
        #expect(try fixture.count("SELECT COUNT(*) FROM events WHERE external_id LIKE 'sha256:%'") == 1)
    }
}
