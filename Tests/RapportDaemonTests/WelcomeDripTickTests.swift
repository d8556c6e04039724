import Foundation
import RapportCore
import RapportDaemon
import RapportStore
import Testing

@Suite struct WelcomeDripTickTests {
    static let drip = """
        id: welcome
        trigger:
          kind: welcome
          since: 2026-01-01
          steps:
            - delay: 1h
            - delay: 3d
              message: { subject: "Tips", text: "Three tips" }
          exit: { events: [purchase] }
        message: { subject: "Welcome", text: "Hello" }
        """

    func signup(_ id: String, at time: String) -> CustomerPatch {
        var patch = CustomerPatch(id: id)
        patch.email = "\(id.lowercased())@example.vn"
        patch.signedUpAt = Timestamp.parse(time)
        return patch
    }

    @Test func eachStepGoesOnceWithItsOwnMessageAndAPurchaseEndsTheDrip() async throws {
        let fixture = try TickFixture(campaigns: [Self.drip])
        defer { fixture.cleanUp() }
        _ = try fixture.store.upsert(
            [signup("A", at: "2026-11-20T09:00:00+07:00"), signup("B", at: "2026-11-20T09:00:00+07:00")],
            at: .distantPast)

        var time = Timestamp.parse("2026-11-20T09:00:00+07:00")!
        while time < Timestamp.parse("2026-11-25T00:00:00+07:00")! {
            if time == Timestamp.parse("2026-11-21T12:00:00+07:00")! {
                _ = try fixture.store.record(
                    [CustomerEvent(customerID: "B", kind: "purchase", occurredAt: time)], at: time)
            }
            try await fixture.run(at: Timestamp.format(time))
            time.addTimeInterval(1_800)
        }

        let a = try fixture.ledger("A")
        #expect(a.map(\.occurrence.rawValue) == ["signup", "signup+3d"])
        #expect(a.map(\.status) == [.sent, .sent])
        #expect(a.map(\.subject) == ["Welcome", "Tips"])
        let b = try fixture.ledger("B")
        #expect(b.map(\.status) == [.sent, .skipped])
        #expect(b.last?.reply?.hasPrefix("exit: purchase at 2026-11-21T05:00:00Z") == true, "\(b)")
        #expect(fixture.transport.recipients.sorted() == ["a@example.vn", "a@example.vn", "b@example.vn"])
    }

    @Test func aPauseOverAWholeStepRecordsItExpiredAndSendsTheNext() async throws {
        let fixture = try TickFixture(campaigns: [Self.drip])
        defer { fixture.cleanUp() }
        _ = try fixture.store.upsert([signup("A", at: "2026-11-20T09:00:00+07:00")], at: .distantPast)
        try await fixture.run(at: "2026-11-20T09:30:00+07:00")
        try await fixture.run(at: "2026-11-24T09:30:00+07:00")
        #expect(try fixture.ledger("A").map(\.status) == [.expired, .sent])
    }

    /// A shop that creates accounts at checkout: the purchase comes minutes after signup, inside
    /// the welcome's delay. The welcome still goes; the purchase ends the steps after it — unless
    /// the campaign says `first_step: true`.
    @Test(arguments: [("", ["sent", "skipped"]), (", first_step: true", ["skipped", "skipped"])])
    func aCheckoutSignupStillGetsTheWelcome(option: String, statuses: [String]) async throws {
        let drip = Self.drip.replacingOccurrences(
            of: "exit: { events: [purchase] }", with: "exit: { events: [purchase]\(option) }")
        let fixture = try TickFixture(campaigns: [drip])
        defer { fixture.cleanUp() }
        _ = try fixture.store.upsert([signup("A", at: "2026-11-20T09:00:00+07:00")], at: .distantPast)
        _ = try fixture.store.record(
            [
                CustomerEvent(
                    customerID: "A", kind: "purchase", occurredAt: Timestamp.parse("2026-11-20T09:05:00+07:00")!,
                    properties: ["amount": .number(350_000)])
            ], at: Timestamp.parse("2026-11-20T09:05:00+07:00")!)
        try await fixture.run(at: "2026-11-20T10:00:00+07:00")
        try await fixture.run(at: "2026-11-23T09:00:00+07:00")

        let ledger = try fixture.ledger("A")
        #expect(ledger.map(\.occurrence.rawValue) == ["signup", "signup+3d"])
        #expect(ledger.map(\.status.rawValue) == statuses, "\(ledger)")
        #expect(ledger.last?.reply?.hasPrefix("exit: purchase at 2026-11-20T02:05:00Z") == true, "\(ledger)")
    }
}
