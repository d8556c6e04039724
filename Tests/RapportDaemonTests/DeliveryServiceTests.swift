import Foundation
import Logging
import RapportCore
import RapportDaemon
import RapportStore
import ServiceLifecycle
import Testing

/// The delivery workers as their own service: woken by the scheduler's bell, on their own when a
/// retry comes due, and stopped gracefully with nothing lost.
@Suite struct DeliveryServiceTests {
    let start = Timestamp.parse("2026-11-23T09:00:00+07:00")!

    /// `count` customers who signed up at `start`, queued for the welcome campaign.
    func queuedFixture(count: Int) async throws -> (TickFixture, [String: CampaignEvaluator]) {
        let fixture = try TickFixture(campaigns: [CourierTests.welcome])
        let patches = (0..<count).map { index in
            var patch = CustomerPatch(id: String(format: "C%02d", index))
            patch.email = String(format: "c%02d@example.vn", index)
            patch.firstName = "Lan"
            patch.signedUpAt = start
            return patch
        }
        _ = try fixture.store.upsert(patches, at: start)
        let tick = try fixture.tick
        #expect(
            try tick.evaluate(campaigns: fixture.campaigns, at: start, logger: Logger(label: "test")).total.queued
                == count)
        let evaluators = Dictionary(uniqueKeysWithValues: fixture.campaigns.map { ($0.id, tick.evaluator(for: $0)) })
        return (fixture, evaluators)
    }

    func statuses(_ fixture: TickFixture) throws -> [DeliveryStatus: Int] {
        try fixture.ledger().reduce(into: [:]) { counts, entry in counts[entry.status, default: 0] += 1 }
    }

    @Test func gracefulShutdownGivesBackUnsentClaimsAtOnceAndLetsTheMessageInFlightFinish() async throws {
        let (fixture, evaluators) = try await queuedFixture(count: 30)
        defer { fixture.cleanUp() }
        let gate = GateTransport()
        let courier = Courier(store: fixture.store, workers: [["default": gate]])
        let bell = DeliveryBell()
        let delivery = DeliveryService(
            courier: courier, bell: bell, clock: ContinuousClock(), wallClock: FixedWallClock(start),
            idleLimit: .seconds(3600), logger: Logger(label: "test"))
        let group = ServiceGroup(services: [delivery], logger: Logger(label: "test"))

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            bell.ring(with: evaluators)
            try await waitUntil { gate.arrivals.count == 1 }
            #expect(try statuses(fixture) == [.sending: courier.batchSize, .queued: 30 - courier.batchSize])

            await group.triggerGracefulShutdown()
            // The rest of the batch goes back while the first message is still in the transport.
            try await waitUntil { (try? statuses(fixture)) == [.sending: 1, .queued: 29] }
            #expect(gate.arrivals.count == 1)

            gate.open()
            try await tasks.waitForAll()
        }
        #expect(
            try statuses(fixture) == [.sent: 1, .queued: 29], "the message in flight is recorded, none claimed after")
        #expect(gate.arrivals.count == 1)
        let released = try fixture.ledger().filter { $0.status == .queued }
        #expect(released.allSatisfy { $0.attempts == 0 }, "a released claim is not an attempt")
    }

    @Test func aRetryGoesOutWhenDueWithoutWaitingForATick() async throws {
        let (fixture, evaluators) = try await queuedFixture(count: 1)
        defer { fixture.cleanUp() }
        let transport = ScriptedTransport([TransportError(.temporary, reply: "451 4.3.0 try later")])
        let courier = Courier(
            store: fixture.store, workers: [["default": transport]],
            retryPolicy: RetryPolicy(
                initialDelay: TimeSpan(seconds: 60), maximumDelay: TimeSpan(seconds: 3_600),
                giveUpAfter: TimeSpan(seconds: 86_400)))
        let clock = ManualClock()
        let bell = DeliveryBell()
        // The scheduler would ring again only in an hour.
        let delivery = DeliveryService(
            courier: courier, bell: bell, clock: clock, wallClock: SchedulerTests.FollowingWallClock(clock: clock),
            idleLimit: .seconds(3600), logger: Logger(label: "test"))
        let group = ServiceGroup(services: [delivery], logger: Logger(label: "test"))

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            bell.ring(with: evaluators)
            try await waitUntil { transport.attemptedMessageIDs.count == 1 }
            try await clock.waitForSleeper()
            let retry = try #require(try fixture.ledger().first?.notBefore)
            #expect((45...75).contains(retry.timeIntervalSince(start)), "about a minute, with jitter")

            clock.advance(by: .seconds(30))
            try await Task.sleep(for: .milliseconds(50))
            #expect(transport.attemptedMessageIDs.count == 1, "not before its time")

            clock.advance(by: .seconds(50))
            try await waitUntil { (try? fixture.ledger().first?.status) == .sent }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(transport.attemptedMessageIDs.count == 2)
        #expect(Set(transport.attemptedMessageIDs).count == 1, "the same Message-ID")
    }

    @Test func claimsTakenOverWhileTheWorkerWasBusyAreNotSent() async throws {
        let (fixture, evaluators) = try await queuedFixture(count: 3)
        defer { fixture.cleanUp() }
        let gate = GateTransport()
        let courier = Courier(store: fixture.store, workers: [["default": gate]], lease: 60)
        let clock = MovingWallClock(start)
        try await withThrowingTaskGroup(of: TickReport.self) { tasks in
            tasks.addTask {
                await courier.deliverDue(evaluators: evaluators, clock: clock, logger: Logger(label: "test"))
            }
            try await waitUntil { gate.arrivals.count == 1 }
            // The first message outlasts the lease (the worker renews a third of the way in real
            // time, which this test never reaches); another daemon takes the whole batch over.
            clock.now = start.addingTimeInterval(61)
            let takenOver = try fixture.store.claimDue(
                owner: "other", campaignIDs: ["welcome"], limit: 10, lease: 60, at: clock.now)
            #expect(takenOver.count == 3)
            gate.open()
            let report = try #require(try await tasks.next())
            #expect(report.total.sent == 0, "the late outcome loses to the new owner's claim")
        }
        #expect(gate.arrivals.count == 1, "the two claims waiting their turn were not sent")
        #expect(try statuses(fixture) == [.sending: 3])
    }

    /// A wall clock the test moves.
    final class MovingWallClock: WallClock, @unchecked Sendable {
        private let lock = NSLock()
        private var time: Date

        init(_ time: Date) {
            self.time = time
        }

        var now: Date {
            get { lock.withLock { time } }
            set { lock.withLock { time = newValue } }
        }
    }

    func waitUntil(_ condition: () throws -> Bool) async throws {
        let start = ContinuousClock.now
        while try !condition() {
            guard ContinuousClock.now - start < .seconds(60) else {
                Issue.record("condition not met within 60 s")
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
