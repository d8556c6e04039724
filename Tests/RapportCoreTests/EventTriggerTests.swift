import Foundation
import RapportCore
import Testing

@Suite struct EventTriggerTests {
    let now = Timestamp.parse("2026-11-23T09:00:00+07:00")!
    let signer = LinkSigner(secret: Array("nps-test-signing-key-with-32-bytes!!".utf8))!

    func evaluator() throws -> CampaignEvaluator {
        let here = SourceLocation(file: "nps.yml", line: 1, column: 1)
        let campaign = Campaign(
            id: "nps", category: .survey, transport: "default",
            trigger: .nps(
                EventTrigger(kinds: ["support_ticket_closed"], delay: TimeSpan("1d")!, cooldown: TimeSpan("90d")!)),
            message: CampaignMessage(
                MessageContent(
                    subject: try Template("Góp ý", kind: .text, location: here),
                    text: try Template(
                        "{{#nps_links}}{{score}} {{url}}\n{{/nps_links}}", kind: .text, location: here,
                        extraFields: EventTrigger.surveyFields))),
            sourceFile: "nps.yml")
        return CampaignEvaluator(
            campaign: campaign, sender: SenderIdentity(from: try Mailbox(parsing: "hello@hoamai.example")),
            defaultZone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!,
            links: LinkSettings(baseURL: "https://hoamai.example/r/", signer: signer, npsExpiry: TimeSpan("30d")!))
    }

    func interaction(_ id: Int64, hoursAgo: Double) -> Interaction {
        Interaction(eventID: id, kind: "support_ticket_closed", occurredAt: now.addingTimeInterval(-hoursAgo * 3600))
    }

    @Test func surveyCarriesElevenSignedScoreLinks() throws {
        let customer = Customer(id: "C1", email: "c1@example.vn")
        let decisions = try evaluator().decisions(
            forInteractions: [(customer, interaction(42, hoursAgo: 25))], lastSurveyed: [:], at: now)
        let decision = try #require(decisions.first)
        #expect(decision.action == .send)
        let delivery = try evaluator().delivery(for: customer, occurrence: decision.occurrence, at: now).get()
        #expect(delivery.occurrence == OccurrenceKey(rawValue: "interaction:42"))
        let lines = delivery.message.text.split(separator: "\n")
        #expect(lines.count == 11)
        for (score, line) in lines.enumerated() {
            let url = String(line.split(separator: " ")[1])
            #expect(url.hasPrefix("https://hoamai.example/r/nps/"))
            #expect(url.hasSuffix("?score=\(score)"))
            let token = String(url.dropFirst("https://hoamai.example/r/nps/".count).prefix { $0 != "?" })
            let verified = signer.verify(token, purpose: .nps, at: now)
            #expect(verified?.customerID == "C1")
            #expect(verified?.occurrence == OccurrenceKey(rawValue: "interaction:42"))
            #expect(signer.verify(token, purpose: .nps, at: now.addingTimeInterval(31 * 86_400)) == nil)
        }
    }

    @Test func notYetDueOrTooOldInteractionsAreLeftAlone() throws {
        let customer = Customer(id: "C1", email: "c1@example.vn")
        for hoursAgo in [23.0, 49.0] {
            #expect(
                try evaluator().decisions(
                    forInteractions: [(customer, interaction(1, hoursAgo: hoursAgo))], lastSurveyed: [:], at: now
                ).isEmpty)
        }
    }

    @Test func cooldownSkipsWithAReasonAcrossTicksAndWithinOne() throws {
        let customer = Customer(id: "C1", email: "c1@example.vn")
        let recent = try evaluator().decisions(
            forInteractions: [(customer, interaction(7, hoursAgo: 30))],
            lastSurveyed: ["C1": CooldownMark(at: now.addingTimeInterval(-10 * 86_400), status: .sent)], at: now)
        guard case .skip(let reason) = try #require(recent.first).action else {
            Issue.record("expected a cooldown skip")
            return
        }
        #expect(reason.hasPrefix("cooldown"))

        let both = try evaluator().decisions(
            forInteractions: [(customer, interaction(8, hoursAgo: 26)), (customer, interaction(9, hoursAgo: 30))],
            lastSurveyed: [:], at: now)
        #expect(both.map(\.occurrence.rawValue) == ["interaction:9", "interaction:8"])
        guard case .send = both[0].action, case .skip = both[1].action else {
            Issue.record("the earlier interaction is surveyed, the later one waits out the cooldown")
            return
        }
    }
}
