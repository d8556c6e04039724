import Foundation
import RapportCore
import RapportStore
import RapportTestSupport
import Testing

@Suite struct StoreCopyTests {
    let now = Timestamp.parse("2026-11-23T09:00:00+07:00")!

    func decision(_ customerID: String, _ action: Decision.Action = .send) -> Decision {
        Decision(campaignID: "welcome", customerID: customerID, occurrence: WelcomeTrigger.occurrence, action: action)
    }

    @Test func aCopyChangesWithoutTheOriginalAndNamesWhatChangedSinceAMark() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("rapport.sqlite")
        do {
            let store = try Store(path: path)
            var patch = CustomerPatch(id: "C1")
            patch.email = "c1@example.vn"
            _ = try store.upsert([patch], at: now)
            _ = try store.record(
                [
                    decision("C1"), decision("C2", .skip(reason: "no")),
                    decision("C3", .deferral(until: now.addingTimeInterval(3_600), reason: "window")),
                    decision("C4", .deferral(until: now.addingTimeInterval(3_600), reason: "window")),
                ], transport: "default", at: now)
        }
        let original = try Store(path: path, access: .readOnly)
        let before = try original.ledger(LedgerFilter())
        let copy = try original.copy(to: directory.path("copy/rapport.sqlite"))
        #expect(try copy.customer(id: "C1")?.email == "c1@example.vn")
        let mark = try copy.ledgerMark()

        let later = now.addingTimeInterval(7_200)
        _ = try copy.resume(decision("C3"), at: later)
        _ = try copy.resume(decision("C4", .deferral(until: later.addingTimeInterval(60), reason: "again")), at: later)
        _ = try copy.record(decision("C5", .expiry(reason: "missed")), transport: "default", at: later)

        #expect(try original.ledger(LedgerFilter()) == before)
        let changes = try copy.ledger(changedSince: mark)
        // C3 queued again is still open; C4 deferred again is open and was there: neither is listed.
        #expect(changes.map(\.customerID) == ["C5"])
        let claims = try copy.claimDue(owner: "w", campaignIDs: ["welcome"], limit: 10, lease: 60, at: later)
        for claim in claims { try copy.complete(claim, owner: "w", as: .sent, reply: "250", at: later) }
        #expect(
            try copy.ledger(changedSince: mark).map { "\($0.customerID) \($0.status)" } == [
                "C1 sent", "C3 sent", "C5 expired",
            ])
    }
}
