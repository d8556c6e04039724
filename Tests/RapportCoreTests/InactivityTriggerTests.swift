import Foundation
import RapportCore
import Testing

@Suite struct InactivityTriggerTests {
    let trigger = InactivityTrigger(after: [TimeSpan("60d")!, TimeSpan("30d")!, TimeSpan("90d")!])

    /// Hourly ticks with a ledger of sent occurrences; `activity` updates last activity when due.
    func simulate(
        _ trigger: InactivityTrigger, customer start: Customer, from: String, to: String,
        activity: [String] = []
    ) -> [String] {
        var customer = start
        var pending = activity.compactMap(Timestamp.parse)
        var sent: [String] = []
        var tick = Timestamp.parse(from)!
        while tick <= Timestamp.parse(to)! {
            if let next = pending.first, next <= tick {
                customer.lastActiveAt = next
                pending.removeFirst()
            }
            if let key = trigger.occurrence(for: customer, at: tick), !sent.contains(key.rawValue) {
                sent.append(key.rawValue)
            }
            tick.addTimeInterval(3600)
        }
        return sent
    }

    @Test func escalatesOncePerThresholdAndActivityRearms() {
        let customer = Customer(
            id: "C1", email: "a@example.vn", lastActiveAt: Timestamp.parse("2026-10-01T03:00:00Z"))
        let sent = simulate(
            trigger, customer: customer, from: "2026-10-01T00:00:00Z", to: "2027-02-01T00:00:00Z",
            activity: ["2026-11-15T08:00:00Z"])
        #expect(
            sent == [
                "2026-10-01T03:00:00Z:30d",
                "2026-11-15T08:00:00Z:30d", "2026-11-15T08:00:00Z:60d",
            ])
    }

    @Test func fullEpisodeSendsEveryThreshold() {
        let customer = Customer(
            id: "C1", email: "a@example.vn", lastActiveAt: Timestamp.parse("2026-10-01T03:00:00Z"))
        let sent = simulate(trigger, customer: customer, from: "2026-10-01T00:00:00Z", to: "2027-02-01T00:00:00Z")
        #expect(sent == ["2026-10-01T03:00:00Z:30d", "2026-10-01T03:00:00Z:60d", "2026-10-01T03:00:00Z:90d"])
    }

    @Test func noActivityRecordIsSkippedUnlessCountingFromSignup() {
        let customer = Customer(id: "C1", email: "a@example.vn", signedUpAt: Timestamp.parse("2026-10-01T03:00:00Z"))
        #expect(simulate(trigger, customer: customer, from: "2026-10-01T00:00:00Z", to: "2026-11-15T00:00:00Z").isEmpty)
        let fromSignup = InactivityTrigger(after: [TimeSpan("30d")!], fromSignup: true)
        #expect(
            simulate(fromSignup, customer: customer, from: "2026-10-01T00:00:00Z", to: "2026-11-15T00:00:00Z")
                == ["2026-10-01T03:00:00Z:30d"])
    }

    @Test func longInactiveCustomersAreNotMailedWhenACampaignStarts() {
        let customer = Customer(id: "C1", email: "a@example.vn", lastActiveAt: Timestamp.parse("2024-01-01T00:00:00Z"))
        #expect(simulate(trigger, customer: customer, from: "2026-11-01T00:00:00Z", to: "2026-11-05T00:00:00Z").isEmpty)
    }

    @Test func candidateRangesAreOneWindowPerThreshold() {
        let now = Timestamp.parse("2026-12-31T03:00:00Z")!
        let ranges = trigger.candidateBaseRanges(from: now, to: now)
        #expect(ranges.count == 3)
        #expect(ranges.contains { $0.contains(Timestamp.parse("2026-10-02T03:00:00Z")!) })
        #expect(!ranges.contains { $0.contains(Timestamp.parse("2026-10-05T03:00:00Z")!) })
    }
}
