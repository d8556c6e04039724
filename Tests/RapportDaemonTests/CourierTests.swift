import Foundation
import Logging
import RapportCore
import RapportDaemon
import RapportStore
import Testing

/// What the delivery workers do with each outcome: retry later with backoff (honouring
/// Retry-After) and deliver once, give up after the give-up age, fail and suppress a mailbox
/// that does not exist.
@Suite struct CourierTests {
    static let welcome = """
        id: welcome
        trigger: { kind: welcome, delay: 0s, since: 2026-01-01 }
        message: { subject: "Chào", text: "Chào {{first_name}}" }
        """
    let start = Timestamp.parse("2026-11-23T09:00:00+07:00")!

    func fixture(_ script: [TransportError], giveUpAfter: TimeSpan = TimeSpan(seconds: 86_400)) throws -> (
        TickFixture, ScriptedTransport, Tick
    ) {
        let fixture = try TickFixture(campaigns: [Self.welcome])
        var patch = CustomerPatch(id: "A")
        patch.email = "a@example.vn"
        patch.firstName = "Lan"
        patch.signedUpAt = start
        _ = try fixture.store.upsert([patch], at: start)
        let transport = ScriptedTransport(script)
        var tick = try fixture.tick
        tick.courier = Courier(
            store: fixture.store, workers: [["default": transport]],
            retryPolicy: RetryPolicy(
                initialDelay: TimeSpan(seconds: 60), maximumDelay: TimeSpan(seconds: 3_600), giveUpAfter: giveUpAfter))
        return (fixture, transport, tick)
    }

    func run(_ tick: Tick, _ fixture: TickFixture, at time: Date) async throws -> TickReport {
        try await tick.run(campaigns: fixture.campaigns, at: time, logger: Logger(label: "test"))
    }

    @Test func temporaryFailuresAreRetriedLaterAndDeliveredOnceWithTheSameMessageID() async throws {
        let (fixture, transport, tick) = try fixture([
            TransportError(.temporary, reply: "421 4.3.2 service shutting down"),
            TransportError(.temporary, reply: "451 4.3.0 try later", retryAfter: .delay(TimeSpan(seconds: 900))),
        ])
        defer { fixture.cleanUp() }

        #expect(try await run(tick, fixture, at: start).total.retrying == 1)
        let first = try #require(try fixture.ledger("A").first)
        #expect(first.status == .retrying)
        #expect(first.reply == "421 4.3.2 service shutting down")
        let firstRetry = try #require(first.notBefore)
        #expect((45...75).contains(firstRetry.timeIntervalSince(start)), "about a minute, with jitter")

        #expect(try await run(tick, fixture, at: firstRetry.addingTimeInterval(-1)).total.retrying == 0)
        #expect(try await run(tick, fixture, at: firstRetry).total.retrying == 1)
        let second = try #require(try fixture.ledger("A").first)
        let secondRetry = try #require(second.notBefore)
        #expect(secondRetry.timeIntervalSince(firstRetry) >= 900, "the server's Retry-After is honoured")

        #expect(try await run(tick, fixture, at: secondRetry).total.sent == 1)
        #expect(try await run(tick, fixture, at: secondRetry.addingTimeInterval(3_600)).total.sent == 0)
        let done = try #require(try fixture.ledger("A").first)
        #expect(done.status == .sent)
        #expect(done.attempts == 3)
        #expect(Set(transport.attemptedMessageIDs).count == 1)
        #expect(transport.attemptedMessageIDs.count == 3)
    }

    @Test func temporaryFailuresGiveUpAfterTheGiveUpAge() async throws {
        let failures = Array(repeating: TransportError(.temporary, reply: "451 4.3.0 try later"), count: 50)
        let (fixture, transport, tick) = try fixture(failures, giveUpAfter: TimeSpan(seconds: 3_600))
        defer { fixture.cleanUp() }
        var time = start
        for _ in 0..<30 {
            _ = try await run(tick, fixture, at: time)
            time.addTimeInterval(600)
        }
        let entry = try #require(try fixture.ledger("A").first)
        #expect(entry.status == .failed)
        #expect(entry.reply?.hasPrefix("gave up after") == true, "\(entry.reply ?? "")")
        #expect(transport.attemptedMessageIDs.count == entry.attempts)
        #expect(entry.attempts < 10)
    }

    @Test func noSuchMailboxFailsAtOnceAndSuppressesTheAddress() async throws {
        let (fixture, transport, tick) = try fixture([
            TransportError(.permanent, reply: "550 5.1.1 <a@example.vn>: Recipient address rejected")
        ])
        defer { fixture.cleanUp() }
        #expect(try await run(tick, fixture, at: start).total.failed == 1)
        #expect(try fixture.store.suppression(of: "A@example.vn")?.reason.contains("5.1.1") == true)
        _ = try await run(tick, fixture, at: start.addingTimeInterval(86_400))
        #expect(transport.attemptedMessageIDs.count == 1, "never retried")

        // Another campaign's message to the suppressed address is recorded, not sent.
        let other = try fixture.store.record(
            Decision(
                campaignID: "welcome", customerID: "A", occurrence: OccurrenceKey(rawValue: "signup+3d"), action: .send),
            transport: "default", at: start)
        #expect(other)
        #expect(try await run(tick, fixture, at: start.addingTimeInterval(2 * 86_400)).total.suppressed == 1)
        #expect(transport.attemptedMessageIDs.count == 1)
    }

    @Test func aPermanentRefusalWithoutAnAddressCodeFailsWithoutSuppressing() async throws {
        let (fixture, _, tick) = try fixture([TransportError(.permanent, reply: "554 5.7.1 message refused")])
        defer { fixture.cleanUp() }
        #expect(try await run(tick, fixture, at: start).total.failed == 1)
        #expect(try fixture.store.suppressions().isEmpty)
    }
}
