import Foundation
import RapportCore
import RapportDaemon
import RapportStore
import Testing

@Suite struct HoldoutTickTests {
    static let welcome = """
        id: welcome
        trigger: { kind: welcome, delay: 1h, since: 2026-01-01 }
        holdout: 25%
        goal: { events: [purchase], within: 7d }
        message: { subject: "Welcome", text: "Hello" }
        """

    @Test func heldOutCustomersAreRecordedAndNeverSentAcrossTicks() async throws {
        let fixture = try TickFixture(campaigns: [Self.welcome])
        defer { fixture.cleanUp() }
        let ids = (0..<40).map { "C\($0)" }
        _ = try fixture.store.upsert(
            ids.map { id in
                var patch = CustomerPatch(id: id)
                patch.email = "\(id.lowercased())@example.vn"
                patch.signedUpAt = Timestamp.parse("2026-11-20T09:00:00+07:00")
                return patch
            }, at: .distantPast)
        for time in ["2026-11-20T10:30:00+07:00", "2026-11-20T11:00:00+07:00", "2026-11-20T12:00:00+07:00"] {
            try await fixture.run(at: time)
        }
        let holdout = Holdout(share: 0.25)!
        let heldOut = Set(ids.filter { holdout.contains(customerID: $0, campaignID: "welcome") })
        #expect(!heldOut.isEmpty && heldOut.count < ids.count)
        for id in ids {
            let ledger = try fixture.ledger(id)
            #expect(ledger.map(\.status) == [heldOut.contains(id) ? .heldOut : .sent], "\(id)")
        }
        #expect(
            Set(fixture.transport.recipients)
                == Set(ids.filter { !heldOut.contains($0) }.map { "\($0.lowercased())@example.vn" }))
    }
}
