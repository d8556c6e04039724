import Foundation
import Logging
import RapportConfig
import RapportCore
import RapportDaemon
import RapportStore
import ServiceLifecycle
import Testing

@Suite struct SchedulerTests {
    /// Wall time follows the manual clock, starting at 09:00 in Saigon.
    struct FollowingWallClock: WallClock {
        let clock: ManualClock
        let start = Timestamp.parse("2026-11-23T09:00:00+07:00")!

        var now: Date {
            let elapsed = clock.now.offset.components
            return start.addingTimeInterval(Double(elapsed.seconds))
        }
    }

    @Test func ticksEveryIntervalSendsEachOccurrenceOnceAndStopsGracefully() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rapport-scheduler-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try
            "id: welcome\ntrigger: { kind: welcome, delay: 1h, since: 2026-01-01 }\nmessage: { subject: Hi, text: Hello }\n"
            .write(to: folder.appendingPathComponent("welcome.yml"), atomically: true, encoding: .utf8)

        let store = try Store(path: folder.appendingPathComponent("rapport.sqlite").path)
        var early = CustomerPatch(id: "A")
        early.email = "a@example.vn"
        early.signedUpAt = Timestamp.parse("2026-11-23T07:00:00+07:00")
        var late = CustomerPatch(id: "B")
        late.email = "b@example.vn"
        late.signedUpAt = Timestamp.parse("2026-11-23T08:30:00+07:00")
        _ = try store.upsert([early, late], at: Date(timeIntervalSince1970: 0))

        let clock = ManualClock()
        let transport = RecordingTransport()
        let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
        let courier = Courier(store: store, workers: [["default": transport]])
        let bell = DeliveryBell()
        let wallClock = FollowingWallClock(clock: clock)
        let delivery = DeliveryService(
            courier: courier, bell: bell, clock: clock, wallClock: wallClock, idleLimit: .seconds(1800),
            logger: Logger(label: "test"))
        let scheduler = Scheduler(
            tick: Tick(
                store: store, sender: SenderIdentity(from: try Mailbox(parsing: "hello@hoamai.example")),
                defaultZone: zone, courier: courier),
            library: CampaignLibrary(directory: folder.path, transports: ["default": .file(directory: "outbox")]), bell: bell, clock: clock,
            wallClock: wallClock, interval: .seconds(1800), logger: Logger(label: "test"))
        let group = ServiceGroup(services: [scheduler, delivery], logger: Logger(label: "test"))

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }

            // Both services asleep: the scheduler until the next tick, the workers until it rings.
            try await waitUntil { transport.recipients.count == 1 }
            try await clock.waitForSleeper(count: 2)
            #expect(transport.recipients == ["a@example.vn"])

            clock.advance(by: .seconds(1799))
            try await Task.sleep(for: .milliseconds(50))
            #expect(transport.recipients == ["a@example.vn"], "no tick before the interval is over")

            clock.advance(by: .seconds(1))
            try await waitUntil { transport.recipients.count == 2 }
            try await clock.waitForSleeper(count: 2)
            #expect(transport.recipients == ["a@example.vn", "b@example.vn"])

            clock.advance(by: .seconds(1800))
            try await Task.sleep(for: .milliseconds(50))
            try await clock.waitForSleeper(count: 2)
            #expect(transport.recipients.count == 2, "nothing is sent twice")

            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(try store.ledger(LedgerFilter(status: .sent)).count == 2)
    }

    func waitUntil(_ condition: () -> Bool) async throws {
        let start = ContinuousClock.now
        while !condition() {
            guard ContinuousClock.now - start < .seconds(60) else {
                Issue.record("condition not met within 60 s")
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
