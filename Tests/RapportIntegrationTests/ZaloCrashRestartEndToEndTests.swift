import Foundation
import RapportCore
import RapportStore
import RapportTestSupport
import Testing

/// The crash guarantee for Zalo: the daemon is killed with SIGKILL at random moments while it
/// sends by ZNS, restarted each time, and left to drain. Every customer's message was taken by
/// Zalo; a message taken twice shares its tracking_id (the resend repeats it, so Zalo's records
/// show one occurrence), those number at most kills × workers, and each is a resend the daemon
/// warned about. `RAPPORT_TEST_SEED` replays the kill moments.
@Suite struct ZaloCrashRestartEndToEndTests {
    static let kills = 3
    static let workers = 2
    static let count = 400

    @Test func everyPhoneGetsItsMessageAfterRandomKillsAndAResendRepeatsItsTrackingID() async throws {
        let seed = SplitMix64.seedForThisRun()
        print("ZaloCrashRestartEndToEndTests seed: \(seed) (replay with RAPPORT_TEST_SEED=\(seed))")
        var random = SplitMix64(seed: seed)
        var settings = ZaloTestServer.Settings(renewalDelay: 0)
        // 40 messages a second at most: a watcher slowed by a busy machine still kills mid-stream.
        settings.messageDelay = 0.05
        let since = Date().addingTimeInterval(-2 * 86_400).formatted(.iso8601.year().month().day().dateSeparator(.dash))
        let welcome = """
            id: welcome
            category: transactional
            trigger: { kind: welcome, delay: 0s, since: \(since) }
            channels:
              - transport: zalo
                zns: { template_id: "200100", data: { customer_name: "{{first_name}}" } }
            message: { subject: "Chào {{first_name}}", text: "Chào {{first_name}}" }
            """
        try await ZaloEndToEndTests.withShop(zalo: settings, campaigns: ["welcome.yml": welcome], tick: "1s") {
            setup, zalo, _, _ in
            try setup.appendToConfig("delivery: { workers: \(Self.workers), lease: 2s }")
            let hourAgo = Date().addingTimeInterval(-3600).formatted(.iso8601)
            let phones = (0..<Self.count).map { String(format: "0912%06d", $0) }
            try await ZaloEndToEndTests.importCustomers(
                "id,phone,first_name,signed_up_at\n"
                    + phones.enumerated().map { "P\($0.offset),\($0.element),Khách \($0.offset),\(hourAgo)" }
                    .joined(separator: "\n") + "\n", into: setup)

            var logs: [DaemonProcess] = []
            var sent: Set<String> = []
            for kill in 1...Self.kills {
                let daemon = try DaemonProcess(
                    setup.cli, log: setup.directory.appendingPathComponent("daemon-\(kill).log"))
                defer { if daemon.isRunning { daemon.send(SIGKILL) } }
                logs.append(daemon)
                let remaining = Self.count - sent.count
                let target = Int.random(in: 1...max(1, remaining / (Self.kills - kill + 2)), using: &random)
                let reached = await daemon.signal(SIGKILL, whenSent: { $0.count >= target }, within: .seconds(90))
                if !reached { daemon.send(SIGKILL) }
                #expect(reached, "run \(kill) did not send \(target) messages within 90 s: \(daemon.logText)")
                #expect(try await daemon.waitForExit(within: .seconds(30)))
                sent.formUnion(daemon.sentCustomers)
            }

            let last = try DaemonProcess(setup.cli, log: setup.directory.appendingPathComponent("daemon-final.log"))
            defer { if last.isRunning { last.send(SIGKILL) } }
            logs.append(last)
            let drained = try await setup.stopWhenDrained(last, within: .seconds(300))
            #expect(try await last.waitForExit(within: .seconds(60)))
            let ledger = try await setup.cli.ledger()
            try #require(
                drained && ledger.count == Self.count && ledger.allSatisfy { $0.status == "sent" },
                "after the last restart: \(Dictionary(grouping: ledger, by: \.status).mapValues(\.count))")

            let accepted = try zalo.accepted()
            #expect(Set(accepted.map(\.request.phone)) == Set(phones.map { "84" + $0.dropFirst() }))
            var copies: [String: Int] = [:]
            var phoneOf: [String: Set<String>] = [:]
            for message in accepted {
                copies[message.request.trackingID, default: 0] += 1
                phoneOf[message.request.trackingID, default: []].insert(message.request.phone)
            }
            #expect(copies.count == Self.count, "one tracking_id per occurrence, repeated by any resend")
            #expect(phoneOf.values.allSatisfy { $0.count == 1 })
            let duplicated = copies.filter { $0.value > 1 }
            let duplicates = duplicated.values.reduce(0) { $0 + $1 - 1 }
            #expect(duplicates <= Self.kills * Self.workers, "at most one per worker per kill")
            let warned = Set(
                logs.flatMap { DaemonProcess.resentMessageIDs(in: $0.logText) }.map {
                    IdempotencyKey(messageID: MessageID(rawValue: String($0.dropFirst().dropLast()))).value
                })
            #expect(
                Set(duplicated.keys).isSubset(of: warned),
                "unlogged duplicates: \(Set(duplicated.keys).subtracting(warned))")
            print(
                "zalo crash figures: messages=\(Self.count) kills=\(Self.kills) duplicates=\(duplicates) seed=\(seed)")
        }
    }
}
