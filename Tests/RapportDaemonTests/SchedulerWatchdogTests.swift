import Foundation
import Logging
import RapportConfig
import RapportCore
import RapportDaemon
import RapportStore
import RapportTestSupport
import ServiceLifecycle
import Testing

/// The scheduler feeds systemd's watchdog from its own loop, at half of `WATCHDOG_USEC`, even
/// when its tick is far longer; and tells `STATUS=` what each tick did.
@Suite struct SchedulerWatchdogTests {
    @Test func pingsTheWatchdogEveryHalfPeriodBetweenTicksAndReportsEachTick() async throws {
        let folder = try TemporaryDirectory()
        let store = try Store(path: folder.path("rapport.sqlite"))
        let notify = try NotifySocket()
        let clock = ManualClock()
        var scheduler = Scheduler(
            tick: Tick(
                store: store, sender: SenderIdentity(from: try Mailbox(parsing: "hello@hoamai.example")),
                defaultZone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!,
                courier: Courier(store: store, workers: [])),
            library: CampaignLibrary(directory: folder.url.path, transports: ["default": .file(directory: "outbox")]), bell: DeliveryBell(),
            clock: clock, wallClock: FixedWallClock(Date(timeIntervalSince1970: 1_800_000_000)), interval: .seconds(60),
            logger: Logger(label: "test"))
        scheduler.notifier = ServiceNotifier(environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "20000000"])
        #expect(scheduler.notifier.watchdogInterval == .seconds(10))
        let group = ServiceGroup(services: [scheduler], logger: Logger(label: "test"))

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await clock.waitForSleeper()
            #expect(try await notify.wait(for: "WATCHDOG=1", within: .seconds(30)))
            let firstStatus = try #require(notify.fields.first { $0.hasPrefix("STATUS=last tick") })
            #expect(firstStatus.contains("0 campaigns, 0 queued, 0 deferred, 0 skipped, 0 expired"), "\(firstStatus)")

            // Two ticks' worth in steps of the watchdog's half period: every step gets a ping.
            for step in 1...12 {
                let pings = notify.fields.filter { $0 == "WATCHDOG=1" }.count
                clock.advance(by: .seconds(10))
                let fed = try await waitUntil { notify.fields.filter { $0 == "WATCHDOG=1" }.count > pings }
                #expect(fed, "no WATCHDOG=1 within step \(step) (\(step * 10) s)")
                try await clock.waitForSleeper()
            }
            #expect(notify.fields.filter { $0.hasPrefix("STATUS=last tick") }.count == 3, "one per tick: 0, 60, 120 s")
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func withoutASocketOrWatchdogNothingIsSentAndTheWatchdogIsOff() {
        let notifier = ServiceNotifier(environment: ["WATCHDOG_USEC": "20000000", "WATCHDOG_PID": "1"])
        #expect(notifier.watchdogInterval == nil, "the watchdog is another process's")
        #expect(ServiceNotifier(environment: [:]).watchdogInterval == nil)
        notifier.ready()
    }

    func waitUntil(_ condition: () -> Bool) async throws -> Bool {
        let start = ContinuousClock.now
        while !condition() {
            guard ContinuousClock.now - start < .seconds(30) else { return false }
            try await Task.sleep(for: .milliseconds(5))
        }
        return true
    }
}
