import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RapportCore
import RapportServer
import Testing

@Suite("Health and metrics over real HTTP")
struct OperationsTests {
    @Test("/healthz is 200 while the scheduler ticks and 503, with the reason, once it stops for 3 intervals")
    func health() async throws {
        let fixture = try ServerFixture()
        fixture.heartbeat.beat(at: ServerFixture.now.addingTimeInterval(-30))
        try await fixture.run { client in
            let healthy = try await client.execute(uri: "/healthz", method: .get)
            #expect(healthy.status == .ok)
            #expect(healthy.json["status"] as? String == "ok")
            fixture.heartbeat.beat(at: ServerFixture.now.addingTimeInterval(-181))
            let stuck = try await client.execute(uri: "/healthz", method: .get)
            #expect(stuck.status == .serviceUnavailable)
            #expect((stuck.json["problems"] as? [String])?.first?.contains("has not ticked within 3 intervals") == true)
        }
    }

    @Test("the service prints without its signing key or token digests, as ServiceGroup errors name it")
    func descriptionHidesSecrets() throws {
        let service = try ServerFixture().service()
        for text in ["\(service)", String(reflecting: service)] {
            #expect(!text.contains("7, 7, 7"), "\(text)")
            #expect(text.contains("LinkSigner(secret: <redacted>)"), "\(text)")
            #expect(text.contains("APITokens(clients: [crm])"), "\(text)")
        }
        var dumped = ""
        dump(service, to: &dumped)
        #expect(!dumped.contains("digest"))
        #expect(dumped.contains("secret: \"<redacted>\""))
    }

    @Test("/metrics counts ingest requests by status and shows the queue depth, in Prometheus text format")
    func metrics() async throws {
        let fixture = try ServerFixture()
        try fixture.addCustomer("C0")
        fixture.metrics.recordDelivery(campaign: "welcome", outcome: "sent")
        fixture.metrics.recordDelivery(campaign: "welcome", outcome: "retrying")
        try await fixture.run { client in
            _ = try await client.execute(uri: "/v1/events", method: .post, body: ByteBuffer(string: "{}"))
            _ = try await client.execute(
                uri: "/v1/events", method: .post, headers: authorized,
                body: ByteBuffer(json: #"{"customer":"C0","kind":"activity"}"#))
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let lines = Set(metrics.text.split(separator: "\n").map(String.init))
            #expect(lines.contains(#"rapport_ingest_requests_total{status="401"} 1"#))
            #expect(lines.contains(#"rapport_ingest_requests_total{status="200"} 1"#))
            #expect(lines.contains(#"rapport_messages_total{campaign="welcome",outcome="sent"} 1"#))
            #expect(lines.contains(#"rapport_retries_total{campaign="welcome"} 1"#))
            #expect(lines.contains("rapport_queue_depth 0.0"))
        }
    }
}
