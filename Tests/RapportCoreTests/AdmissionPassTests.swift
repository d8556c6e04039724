import Foundation
import RapportCore
import Testing

/// The admission pass on its own: facts and `now` in, decisions out.
@Suite struct AdmissionPassTests {
    let now = Timestamp.parse("2026-11-11T08:00:00+07:00")!
    let cap = FrequencyCap(messages: 2, per: TimeSpan("7d")!)

    func campaign(_ id: String, priority: Int, category: MessageCategory = .marketing) throws -> Campaign {
        let here = SourceLocation(file: "\(id).yml", line: 1, column: 1)
        var campaign = Campaign(
            id: id, category: category, transport: "default",
            trigger: .birthday(BirthdayTrigger(at: LocalTime("09:00")!)),
            message: CampaignMessage(
                MessageContent(
                    subject: try Template(id, kind: .text, location: here),
                    text: try Template(id, kind: .text, location: here))),
            sourceFile: "\(id).yml")
        campaign.priority = priority
        return campaign
    }

    func candidate(_ campaign: Campaign, firstDue: Date? = nil, resumed: Bool = false) -> AdmissionCandidate {
        AdmissionCandidate(
            decision: Decision(
                campaignID: campaign.id, customerID: "A", occurrence: OccurrenceKey(rawValue: "2026"), action: .send),
            campaign: campaign, firstDue: firstDue ?? now, isResumed: resumed)
    }

    @Test func eachSendIsCountedBeforeTheNextInPriorityOrder() throws {
        let yesterday = now.addingTimeInterval(-86_400)
        var pass = AdmissionPass(cap: cap, history: ["A": [yesterday]])
        let admitted = pass.admit(
            [
                candidate(try campaign("winback", priority: 0), firstDue: yesterday, resumed: true),
                candidate(try campaign("receipt", priority: 0, category: .transactional)),
                candidate(try campaign("birthday", priority: 10)),
            ], at: now)
        #expect(admitted.map(\.decision.campaignID) == ["birthday", "winback", "receipt"])
        #expect(admitted.map(\.decision.action.isSend) == [true, false, true])
        #expect(pass.history["A"]?.count == 2, "the transactional receipt does not count")
    }

    @Test func roomIsKeptForAKnownHigherPriorityOccurrenceAndOnlyThen() throws {
        let birthday = Reservation(
            campaignID: "birthday", occurrence: OccurrenceKey(rawValue: "2026"),
            due: now.addingTimeInterval(3 * 86_400),
            priority: 10)
        let lastWeek = now.addingTimeInterval(-2 * 86_400)
        var pass = AdmissionPass(cap: cap, history: ["A": [lastWeek]], reservations: ["A": [birthday]])
        let tips = try #require(pass.admit([candidate(try campaign("welcome", priority: 0))], at: now).first)
        guard case .deferral(let until, let reason) = tips.decision.action else {
            Issue.record("expected a deferral, got \(tips.decision.action)")
            return
        }
        #expect(until == birthday.due)
        #expect(reason.contains("room kept for birthday 2026 (priority 10)"), "\(reason)")

        // With the last week's send gone there is room for both: sent.
        var roomy = AdmissionPass(cap: cap, history: [:], reservations: ["A": [birthday]])
        #expect(roomy.admit([candidate(try campaign("welcome", priority: 0))], at: now).first?.decision.action == .send)
        // An equal or higher priority keeps no room from it.
        var equal = AdmissionPass(cap: cap, history: ["A": [lastWeek]], reservations: ["A": [birthday]])
        #expect(
            equal.admit([candidate(try campaign("anniversary", priority: 10))], at: now).first?.decision.action == .send
        )
    }
}

extension Decision.Action {
    fileprivate var isSend: Bool { self == .send }
}
