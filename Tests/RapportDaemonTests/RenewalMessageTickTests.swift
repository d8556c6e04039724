import Foundation
import RapportCore
import RapportDaemon
import RapportStore
import Testing

/// Issue 13: one message served every offset, so the `+3d` follow-up read "renews on 21 May,
/// reply before then" three days after. Each offset may carry its own message, and templates see
/// the days left or overdue — also across a renewal date moved mid-series.
@Suite struct RenewalMessageTickTests {
    static let campaign = """
        id: renewal
        category: transactional
        trigger:
          kind: renewal
          before: [7d]
          after: [{ offset: 3d, message: { subject: "Lapsed {{days_overdue}} days ago, on {{renewal_date}}", text: "Renew now" } }]
          at: "09:00"
        message:
          subject: "{{#days_left}}Renews in {{days_left}} days, on {{renewal_date}}{{/days_left}}{{#after}}wrong side{{/after}}"
          text: "Reply before then"
        """

    @Test func eachOffsetSaysWhichSideOfTheDateItIsOnAcrossAMovedDate() async throws {
        let fixture = try TickFixture(campaigns: [Self.campaign])
        defer { fixture.cleanUp() }
        var patch = CustomerPatch(id: "R")
        patch.email = "r@example.vn"
        patch.renewalDate = LocalDate("2026-11-20")
        _ = try fixture.store.upsert([patch], at: Timestamp.parse("2026-11-01T09:00:00+07:00")!)

        var day = Timestamp.parse("2026-11-12T09:00:00+07:00")!
        while day <= Timestamp.parse("2026-12-02T09:00:00+07:00")! {
            if day == Timestamp.parse("2026-11-15T09:00:00+07:00")! {
                var moved = CustomerPatch(id: "R")
                moved.renewalDate = LocalDate("2026-11-28")
                _ = try fixture.store.upsert([moved], at: day)
            }
            try await fixture.run(at: Timestamp.format(day))
            day.addTimeInterval(86_400)
        }

        let sent = try fixture.ledger("R").filter { $0.status == .sent }.sorted { $0.createdAt < $1.createdAt }
        #expect(
            sent.map { "\($0.occurrence) \($0.subject ?? "")" } == [
                "2026-11-20:-7d Renews in 7 days, on 2026-11-20",
                "2026-11-28:-7d Renews in 7 days, on 2026-11-28",
                "2026-11-28:+3d Lapsed 3 days ago, on 2026-11-28",
            ])
    }
}
