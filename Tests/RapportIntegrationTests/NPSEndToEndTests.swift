import Foundation
import RapportTestSupport
import Testing

/// A closed support ticket, imported as an event, brings a survey with eleven score links a day
/// later, once, through a real SMTP server.
@Suite struct NPSEndToEndTests {
    static let campaign = """
        id: nps
        category: survey
        trigger: { kind: nps, kinds: [support_ticket_closed], delay: 1d, cooldown: 90d }
        message:
          subject: "Bạn có giới thiệu Hoa Mai không?"
          text: "{{#nps_links}}{{score}}: {{url}}\\n{{/nps_links}}"
        """

    @Test func surveyFollowsTheInteractionOnceWithSignedLinks() async throws {
        try await withSMTPServer { server in
            let setup = try Deployment(smtpURL: server.url, campaignFiles: ["nps.yml": Self.campaign])
            defer { setup.cleanUp() }
            let withoutLinks = try await setup.cli.run(["check"])
            #expect(withoutLinks.status == 78, "\(withoutLinks)")
            #expect(withoutLinks.stdout.contains("links:"), "\(withoutLinks)")
            try setup.appendToConfig(
                "links: { base_url: \"https://hoamai.example/r\", signing_key_file: keys/link-key }")
            #expect(try await setup.cli.run(["check"]).status == 0)

            let customers = setup.directory.appendingPathComponent("c.csv")
            try "id,email,first_name\nN1,n1@example.vn,Lan\n".write(to: customers, atomically: true, encoding: .utf8)
            _ = try await setup.cli.run(["import", "customers", customers.path])
            let events = setup.directory.appendingPathComponent("e.jsonl")
            try """
            {"customer": "N1", "kind": "support_ticket_closed", "at": "2026-11-20T10:00:00+07:00", "id": "t-1"}
            {"customer": "N1", "kind": "support_ticket_closed", "at": "2026-11-21T10:00:00+07:00", "id": "t-2"}
            """.write(to: events, atomically: true, encoding: .utf8)
            #expect(try await setup.cli.run(["import", "events", events.path]).status == 0)

            for now in ["2026-11-21T09:00:00+07:00", "2026-11-21T11:00:00+07:00", "2026-11-22T11:00:00+07:00"] {
                #expect(try await setup.cli.run(["run", "--once", "--now", now]).status == 0)
            }
            let received = try server.messages()
            #expect(received.count == 1, "one survey; the second ticket falls in the cooldown")
            let text = String(decoding: try #require(received.first).content, as: UTF8.self)
            let links = text.components(separatedBy: "https://hoamai.example/r/nps/v1.").count - 1
            #expect(links == 11, "\(text)")
            let log = try await setup.cli.run(["log", "--status", "skipped", "--json"])
            #expect(log.stdout.contains("cooldown"), "\(log)")
            let key = try Data(contentsOf: setup.directory.appendingPathComponent("keys/link-key"))
            #expect(key.count == 32)
        }
    }
}
