import Foundation
import RapportCore
import RapportStore
import RapportTestSupport
import Testing

/// The crash guarantee through the built binary and a real SMTP server: the daemon is killed
/// with SIGKILL at random moments while it delivers, restarted each time, and left to drain. The
/// server then holds every message; messages it received twice (same Message-ID) number at most
/// kills × workers, and each one is a resend the daemon warned about.
///
/// `RAPPORT_CRASH_MESSAGES` sets the message count (default 10,000, about 90 s beside the rest of
/// the suite on 2 cores); `Benchmarks/crash-restart.sh` runs it repeatedly and tabulates the
/// figures. `RAPPORT_TEST_SEED` replays the kill moments.
@Suite struct CrashRestartEndToEndTests {
    static let kills = 5
    static let workers = 2

    static var messageCount: Int {
        ProcessInfo.processInfo.environment["RAPPORT_CRASH_MESSAGES"].flatMap { Int($0) } ?? 10_000
    }

    @Test func everyMessageArrivesAfterRandomKillsAndEachDuplicateIsALoggedResend() async throws {
        let seed = SplitMix64.seedForThisRun()
        print("CrashRestartEndToEndTests seed: \(seed) (replay with RAPPORT_TEST_SEED=\(seed))")
        var random = SplitMix64(seed: seed)
        let count = Self.messageCount
        try await withSMTPServer { server in
            let setup = try Deployment(smtpURL: server.url, campaignFiles: Deployment.immediateWelcome(), tick: "1s")
            defer { setup.cleanUp() }
            // A short lease, so each restart takes the dead workers' claims back within seconds.
            try setup.appendToConfig("delivery: { workers: \(Self.workers), lease: 2s }")
            let emails = try await setup.importWelcomeCustomers(count)

            let started = ContinuousClock.now
            var logs: [DaemonProcess] = []
            var sent: Set<String> = []
            for kill in 1...Self.kills {
                let daemon = try DaemonProcess(
                    setup.cli, log: setup.directory.appendingPathComponent("daemon-\(kill).log"))
                defer { if daemon.isRunning { daemon.send(SIGKILL) } }
                logs.append(daemon)
                // A random moment in the delivery, spread so every kill leaves messages to send.
                let remaining = count - sent.count
                let target = Int.random(in: 1...max(1, remaining / (Self.kills - kill + 2)), using: &random)
                let reached = await daemon.signal(SIGKILL, whenSent: { $0.count >= target }, within: .seconds(90))
                if !reached { daemon.send(SIGKILL) }
                #expect(reached, "run \(kill) did not send \(target) messages within 90 s: \(daemon.logText)")
                #expect(try await daemon.waitForExit(within: .seconds(30)))
                #expect(daemon.terminationReason == .uncaughtSignal, "killed, not exited: \(daemon.logText)")
                let mine = daemon.sentCustomers
                #expect(sent.isDisjoint(with: mine), "a message recorded sent was sent again")
                sent.formUnion(mine)
                print("kill \(kill): after \(mine.count) sends in this run (target \(target)), \(sent.count) in all")
            }

            let killed = ContinuousClock.now
            let last = try DaemonProcess(setup.cli, log: setup.directory.appendingPathComponent("daemon-final.log"))
            defer { if last.isRunning { last.send(SIGKILL) } }
            logs.append(last)
            // A bound on "eventually", not a speed test: beside the whole suite on two cores the
            // debug daemon may drain a few thousand messages at only 20–40 a second.
            let drainedAll = try await setup.stopWhenDrained(last, within: .seconds(400))
            // The watcher sent SIGTERM the moment the last message was recorded.
            let drained = last.lastSignal ?? ContinuousClock.now
            #expect(try await last.waitForExit(within: .seconds(60)))
            #expect(last.terminationStatus == 0, "\(last.logText)")
            let ledger = try await setup.cli.ledger()
            try #require(
                drainedAll && ledger.count == count && ledger.allSatisfy { $0.status == "sent" },
                "after the last restart: \(Dictionary(grouping: ledger, by: \.status).mapValues(\.count))")

            let received = try server.messages()
            #expect(Set(received.flatMap(\.rcptTos)) == Set(emails), "every customer's message arrived")
            var copies: [String: Int] = [:]
            for message in received {
                copies[try #require(message.messageID), default: 0] += 1
            }
            #expect(copies.count == count)
            let duplicated = copies.filter { $0.value > 1 }
            let duplicates = duplicated.values.reduce(0) { $0 + $1 - 1 }
            #expect(duplicates <= Self.kills * Self.workers, "at most one per worker per kill")

            // Each duplicate is a resend after a kill, warned about by the run that made it.
            let warnings = logs.map { Set(DaemonProcess.resentMessageIDs(in: $0.logText)) }
            let warned = warnings.reduce(into: Set<String>()) { $0.formUnion($1) }
            #expect(
                Set(duplicated.keys).isSubset(of: warned),
                "unlogged duplicates: \(Set(duplicated.keys).subtracting(warned))")
            // A duplicate belongs to the kill after which it was first resent (run k + 1 warns).
            var perKill = Array(repeating: 0, count: Self.kills)
            for (id, copies) in duplicated {
                if let run = (1...Self.kills).first(where: { warnings[$0].contains(id) }) {
                    perKill[run - 1] += copies - 1
                }
            }
            func seconds(_ duration: Duration) -> String {
                String(
                    format: "%.1f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
                )
            }
            // One line for Benchmarks/crash-restart.sh to read.
            print(
                """
                crash figures: messages=\(count) kills=\(Self.kills) workers=\(Self.workers) seed=\(seed) \
                duplicates=\(duplicates) per_kill=\(perKill.map(String.init).joined(separator: ",")) \
                resend_warnings=\(warned.count) drain_s=\(seconds(drained - killed)) total_s=\(seconds(drained - started))
                """)
        }
    }
}
