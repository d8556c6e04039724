import Foundation
import RapportTestSupport
import Testing

/// SIGTERM in the middle of a batch: the daemon exits 0 within `delivery.shutdown_timeout`, every
/// message is sent exactly once or still waits in the queue, and a restart sends the rest once.
/// Past the bound (a server that hangs) it exits 75 and leaves only the messages in flight. With
/// the HTTP service, it stops last and the exit is still 0.
@Suite struct GracefulShutdownEndToEndTests {
    @Test func sigtermMidBatchExitsZeroWithinTheBoundAndLosesNothing() async throws {
        try await withSMTPServer { server in
            let setup = try Deployment(smtpURL: server.url, campaignFiles: Deployment.immediateWelcome(), tick: "1s")
            defer { setup.cleanUp() }
            try setup.appendToConfig("delivery: { workers: 2, shutdown_timeout: 10s }")
            let emails = try await setup.importWelcomeCustomers(1_000)

            let daemon = try DaemonProcess(setup.cli, log: setup.directory.appendingPathComponent("first.log"))
            defer { if daemon.isRunning { daemon.send(SIGKILL) } }
            let midBatch = await daemon.signal(SIGTERM, whenSent: { $0.count >= 20 }, within: .seconds(60))
            try #require(midBatch, "the daemon sent nothing within 60 s: \(daemon.logText)")
            #expect(try await daemon.waitForExit(within: .seconds(60)))
            let stopTook = try #require(daemon.stopDuration)
            #expect(stopTook < .seconds(10), "stopped within the bound")
            #expect(daemon.terminationReason == .exit)
            #expect(daemon.terminationStatus == 0, "\(daemon.logText)")

            // Sent exactly once, or still queued: nothing in between, nothing lost.
            let ledger = try await setup.cli.ledger()
            #expect(ledger.count == emails.count)
            let statuses = Dictionary(grouping: ledger, by: \.status).mapValues(\.count)
            #expect(Set(statuses.keys).isSubset(of: ["sent", "queued"]), "\(statuses)")
            let sentIDs = ledger.filter { $0.status == "sent" }.compactMap(\.messageID)
            #expect(sentIDs.count == statuses["sent"])
            #expect(statuses["queued", default: 0] > 0, "SIGTERM came before the batch was done")
            let received = try server.messages().compactMap(\.messageID)
            #expect(received.sorted() == sentIDs.sorted(), "the sink holds exactly the sent messages, once each")
            print("SIGTERM mid-batch: \(statuses), stopped in \(stopTook)")

            // A restart sends the rest, once each; nothing was left for a lease to bring back.
            let second = try DaemonProcess(setup.cli, log: setup.directory.appendingPathComponent("second.log"))
            defer { if second.isRunning { second.send(SIGKILL) } }
            let rest = emails.count - sentIDs.count
            #expect(await second.signal(SIGTERM, whenSent: { $0.count >= rest }, within: .seconds(120)))
            #expect(try await second.waitForExit(within: .seconds(60)))
            #expect(second.terminationStatus == 0, "\(second.logText)")
            let all = try server.messages()
            #expect(all.count == emails.count)
            #expect(Set(all.compactMap(\.messageID)).count == emails.count)
            #expect(Set(all.flatMap(\.rcptTos)) == Set(emails))
            #expect(try await setup.cli.ledger().allSatisfy { $0.status == "sent" })
            #expect(DaemonProcess.resentMessageIDs(in: second.logText).isEmpty)
        }
    }

    @Test func withTheHTTPServiceTheAPIAnswersWhileTheMessageInFlightFinishesAndTheDaemonExitsZero() async throws {
        try await withSMTPServer { smtp in
            let setup = try Deployment(smtpURL: smtp.url, campaignFiles: Deployment.immediateWelcome(), tick: "1s")
            defer { setup.cleanUp() }
            let port = try LoopbackSocket(listening: false).port
            let base = "http://127.0.0.1:\(port)"
            try setup.appendToConfig(
                """
                delivery: { workers: 1, shutdown_timeout: 50s }
                server: { listen: "127.0.0.1:\(port)", api_tokens_file: api-tokens }
                """)
            // The SMTP server takes 25 s over this message, time to spare when the whole suite runs
            // beside it on two cores: SIGTERM arrives while it is in flight.
            let signup = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3600))
            let csv = setup.directory.appendingPathComponent("slow.csv")
            try "id,email,first_name,signed_up_at\nC1,slow-25@example.vn,Lan,\(signup)\n".write(
                to: csv, atomically: true, encoding: .utf8)
            #expect(try await setup.cli.run(["import", "customers", csv.path]).status == 0)

            let daemon = try DaemonProcess(setup.cli, log: setup.directory.appendingPathComponent("daemon.log"))
            defer { if daemon.isRunning { daemon.send(SIGKILL) } }
            #expect(await LoopbackHTTP.wait(for: 200, at: "\(base)/healthz", within: .seconds(90)), "\(daemon.logText)")
            // Timed on a thread of its own: the whole suite shares two cores, and a test task can
            // wait its turn for longer than the message takes.
            let observed = await onOwnThread { () -> (connected: Bool, running: Bool, metrics: Int?) in
                // Once the worker has connected, the message is in the transport's hands.
                let start = ContinuousClock.now
                while (try? smtp.connectionCount()) ?? 0 == 0, ContinuousClock.now - start < .seconds(30) {
                    usleep(20_000)
                }
                guard (try? smtp.connectionCount()) ?? 0 > 0 else { return (false, false, nil) }
                usleep(300_000)
                daemon.send(SIGTERM)
                usleep(300_000)
                let running = daemon.isRunning
                return (true, running, LoopbackHTTP.statusBlocking("\(base)/metrics"))
            }
            try #require(observed.connected, "the worker never connected: \(daemon.logText)")
            // The HTTP service stops last: it still answers while the worker finishes its message.
            #expect(observed.running, "the message in flight finished before the check: \(daemon.logText)")
            #expect(observed.metrics == 200, "the HTTP service stopped before the workers")
            try #require(try await daemon.waitForExit(within: .seconds(60)), "\(daemon.logText)")
            #expect(daemon.terminationReason == .exit)
            #expect(daemon.terminationStatus == 0, "\(daemon.logText)")
            #expect(!daemon.logText.contains("finished unexpectedly"))
            #expect(try await setup.cli.ledger().map(\.status) == ["sent"])
            #expect(try smtp.messages().count == 1)
        }
    }

    @Test func pastTheBoundTheDaemonExits75AndOnlyTheMessagesInFlightWaitForTheirLease() async throws {
        // Accepts connections and never says a word: each worker's message hangs in its transport.
        let hanging = try LoopbackSocket(listening: true)
        // A connect timeout longer than the test: the greeting never comes, and a test task kept
        // waiting by the rest of the suite must still find both messages hanging, not retried.
        let setup = try Deployment(
            smtpURL: "smtp://127.0.0.1:\(hanging.port)", campaignFiles: Deployment.immediateWelcome(), tick: "1s",
            smtpSettings: #"starttls: "off", connect_timeout: 10m"#)
        defer { setup.cleanUp() }
        try setup.appendToConfig("delivery: { workers: 2, lease: 10m, shutdown_timeout: 2s }")
        _ = try await setup.importWelcomeCustomers(50)

        let daemon = try DaemonProcess(setup.cli, log: setup.directory.appendingPathComponent("daemon.log"))
        defer { if daemon.isRunning { daemon.send(SIGKILL) } }
        // Both workers hold a batch, one message of each in the transport.
        let start = ContinuousClock.now
        while try await setup.cli.ledger().filter({ $0.status == "sending" }).count < 40,
            ContinuousClock.now - start < .seconds(60)
        {
            try await Task.sleep(for: .milliseconds(100))
        }
        daemon.send(SIGTERM)
        #expect(try await daemon.waitForExit(within: .seconds(60)))
        let took = try #require(daemon.stopDuration)
        // Not the transport's 10 minutes: the bound, give or take a loaded machine.
        #expect(took >= .seconds(2) && took < .seconds(20), "exits at the bound: \(took)")
        #expect(daemon.terminationReason == .exit)
        #expect(daemon.terminationStatus == 75, "\(daemon.logText)")
        #expect(daemon.logText.contains("shutdown bound reached"))

        let statuses = Dictionary(grouping: try await setup.cli.ledger(), by: \.status).mapValues(\.count)
        #expect(statuses == ["sending": 2, "queued": 48], "one message in flight per worker; the rest given back")
    }
}

/// Runs `body` on a thread of its own and returns its result: for steps that must happen within
/// a few seconds of each other, which a task on the suite's shared pool cannot promise.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: body()) }
    }
}
