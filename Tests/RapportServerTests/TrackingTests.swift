import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RapportCore
import RapportServer
import RapportStore
import Testing

@Suite("Open and click tracking over real HTTP")
struct TrackingTests {
    func token(_ fixture: ServerFixture, _ purpose: LinkToken.Purpose, target: String? = nil) -> String {
        fixture.links.signer.sign(
            LinkToken(
                purpose: purpose, customerID: "C1", campaignID: "offer",
                occurrence: OccurrenceKey(rawValue: "birthday:2026"),
                expiresAt: nil, target: target))
    }

    @Test("/o/{token} answers a 1x1 GIF and records an open; a bad token gets the same image and no record")
    func open() async throws {
        let fixture = try ServerFixture()
        let open = token(fixture, .open)
        try await fixture.run { client in
            for path in ["/o/\(open)", "/o/v1.bad.token"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "image/gif")
                #expect(Array(response.body.readableBytesView.prefix(6)) == Array("GIF89a".utf8))
            }
        }
        #expect(
            try fixture.count("SELECT COUNT(*) FROM message_events WHERE kind = 'open' AND campaign_id = 'offer'") == 1)
    }

    @Test("/c/{token} records the click and redirects to the signed URL; an altered token redirects nowhere")
    func click() async throws {
        let fixture = try ServerFixture()
        let target = "https://hoamai.example/shop?a=1&b=2"
        let click = token(fixture, .click, target: target)
        let other = token(fixture, .click, target: "https://evil.example/")
        let spliced = click.split(separator: ".")[0...1].joined(separator: ".") + "." + other.split(separator: ".")[2]
        try await fixture.run { client in
            let response = try await client.execute(uri: "/c/\(click)", method: .get)
            #expect(response.status == .found)
            #expect(response.headers[.location] == target)
            for bad in [spliced, token(fixture, .unsubscribe), "v1.x.y"] {
                let refused = try await client.execute(uri: "/c/\(bad)", method: .get)
                #expect(refused.status == .notFound)
                #expect(refused.headers[.location] == nil)
            }
        }
        #expect(
            try fixture.count(
                "SELECT COUNT(*) FROM message_events WHERE kind = 'click' AND url = 'https://hoamai.example/shop?a=1&b=2'"
            ) == 1)
        #expect(try fixture.count("SELECT COUNT(*) FROM message_events WHERE kind = 'click'") == 1)
    }
}
