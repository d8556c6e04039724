import Foundation
import RapportCore
import RapportDaemon
import RapportStore
import Testing

/// A daemon that is stopped, or a clock that jumps, must not lose messages silently: every
/// occurrence whose whole sending span fell in the pause is recorded as expired with the reason.
@Suite struct MissedOccurrenceTests {
    static let birthday = """
        id: birthday
        trigger: { kind: birthday, at: "09:00" }
        message: { subject: "Happy birthday", text: "Hi" }
        """

    func customer(_ id: String, birthday: String) -> CustomerPatch {
        var patch = CustomerPatch(id: id)
        patch.email = "\(id.lowercased())@example.vn"
        patch.birthday = LocalDate(birthday)
        patch.timeZone = "Asia/Ho_Chi_Minh"
        return patch
    }

    @Test func aBirthdayWhoseWholeDayFellInAPauseIsRecordedExpiredWithTheReason() async throws {
        let fixture = try TickFixture(campaigns: [Self.birthday])
        defer { fixture.cleanUp() }
        _ = try fixture.store.upsert(
            [customer("A", birthday: "1990-11-24"), customer("B", birthday: "1990-11-26")], at: .distantPast)

        try await fixture.run(at: "2026-11-23T12:00:00+07:00")
        // Stopped from the 23rd until 10:00 on the 26th: A's birthday (the 24th) passed unseen.
        let report = try await fixture.run(at: "2026-11-26T10:00:00+07:00")

        #expect(report.total.expired == 1)
        #expect(report.total.sent == 1)
        let a = try #require(try fixture.ledger("A").first)
        #expect(a.status == .expired)
        #expect(a.occurrence.rawValue == "2026")
        #expect(a.reply?.contains("missed: due 2026-11-24T02:00:00Z") == true, "\(a.reply ?? "")")
        #expect(try fixture.ledger("B").first?.status == .sent)
        #expect(fixture.transport.recipients == ["b@example.vn"])
    }

    @Test func aNewCampaignDoesNotRecordTheHistoryBeforeItsFirstEvaluationAsMissed() async throws {
        let fixture = try TickFixture(campaigns: [Self.birthday])
        defer { fixture.cleanUp() }
        _ = try fixture.store.upsert([customer("A", birthday: "1990-11-24")], at: .distantPast)

        let report = try await fixture.run(at: "2026-11-26T10:00:00+07:00")
        #expect(report.total.sent + report.total.expired + report.total.skipped == 0)
        #expect(try fixture.ledger().isEmpty)
    }

    @Test func ticksCloserThanTheShortestSpanNeitherSearchNorRecordAnything() async throws {
        let fixture = try TickFixture(campaigns: [Self.birthday])
        defer { fixture.cleanUp() }
        _ = try fixture.store.upsert([customer("A", birthday: "1990-11-24")], at: .distantPast)
        var time = Timestamp.parse("2026-11-23T00:00:00+07:00")!
        while time < Timestamp.parse("2026-11-26T00:00:00+07:00")! {
            try await fixture.run(at: Timestamp.format(time))
            time.addTimeInterval(4 * 3_600)
        }
        #expect(try fixture.ledger().map(\.status) == [.sent])
    }

    @Test func aClockJumpOfADayExpiresWhatTheSkippedDayHeld() async throws {
        let inactivity = """
            id: winback
            trigger: { kind: inactivity, after: [30d] }
            message: { subject: "We miss you", text: "Hi" }
            """
        let fixture = try TickFixture(campaigns: [inactivity])
        defer { fixture.cleanUp() }
        var quiet = CustomerPatch(id: "Q")
        quiet.email = "q@example.vn"
        quiet.lastActiveAt = Timestamp.parse("2026-10-24T06:00:00Z")
        _ = try fixture.store.upsert([quiet], at: .distantPast)

        try await fixture.run(at: "2026-11-23T05:00:00Z")
        // The clock jumps a day and a bit: the 30-day mark (Nov 23 06:00) was open for one day only.
        try await fixture.run(at: "2026-11-24T07:00:00Z")
        let entry = try #require(try fixture.ledger("Q").first)
        #expect(entry.status == .expired)
        #expect(fixture.transport.recipients.isEmpty)
        // Backwards again: nothing more is searched or sent.
        try await fixture.run(at: "2026-11-23T07:00:00Z")
        #expect(try fixture.ledger("Q").count == 1)
        #expect(fixture.transport.recipients.isEmpty)
    }
}
