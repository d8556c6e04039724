import Foundation
import GRDB
import RapportCore
import RapportStore
import RapportTestSupport
import Testing

/// Never twice, even when the store fails under a running daemon or a slow relay outlasts the
/// lease: what the SMTP server received is compared, Message-ID by Message-ID, with the ledger.
@Suite struct StoreFailureEndToEndTests {
    static let config = "delivery: { workers: 2, lease: 5s, retry_after: 1s, retry_max: 2s }"

    @Test func aStoreLockedByAnotherProcessForThirtySecondsLosesNoOutcomeAndSendsNothingTwice() async throws {
        try await withSMTPServer { smtp in
            let setup = try Deployment(smtpURL: smtp.url, campaignFiles: Deployment.immediateWelcome(), tick: "1s")
            defer { setup.cleanUp() }
            try setup.appendToConfig(Self.config)
            _ = try await setup.importWelcomeCustomers(1000)
            let daemon = try DaemonProcess(setup.cli, log: setup.directory.appendingPathComponent("daemon.log"))
            defer { if daemon.isRunning { daemon.send(SIGKILL) } }
            #expect(try await waitFor(within: .seconds(120)) { try smtp.messages().count >= 100 }, "\(daemon.logText)")

            // Another process takes the write lock for 30 s: three times the daemon's busy timeout.
            // Waits its turn behind the daemon's own writes, as another process would.
            var configuration = Configuration()
            configuration.busyMode = .timeout(30)
            let store = try DatabaseQueue(path: setup.storePath, configuration: configuration)
            try await Self.holdExclusiveLock(on: store, for: .seconds(30))
            // The lock meets a worker either with an outcome to record or before a send; both are
            // logged, and which one depends on where each worker was when the lock began.
            let heldOutcome = daemon.logText.contains("store write failed after the transport answered")
            #expect(
                heldOutcome || daemon.logText.contains("not sent: the store failed before the message went out"),
                "the lock was felt")

            #expect(
                try await waitFor(within: .seconds(300)) { try setup.sentCount() == 1000 },
                "\(daemon.logText.suffix(3000))")
            try await Self.expectEachSentOnce(smtp: smtp, setup: setup, count: 1000)
            try daemon.logText.write(toFile: "/tmp/locked-daemon.log", atomically: true, encoding: .utf8)
            if heldOutcome { #expect(daemon.logText.contains("outcome recorded after the store refused it")) }
            #expect(!daemon.logText.contains("sending again after a worker stopped mid-send"), "nobody died")
            daemon.send(SIGTERM)
            #expect(try await daemon.waitForExit(within: .seconds(60)))
            #expect(daemon.terminationStatus == 0)
        }
    }

    @Test(.enabled(if: getuid() == 0, "mounting a small tmpfs needs root"))
    func aFullDiskUnderTheStoreLosesNoOutcomeAndSendsNothingTwice() async throws {
        try await withSMTPServer { smtp in
            let setup = try Deployment(smtpURL: smtp.url, campaignFiles: Deployment.immediateWelcome(), tick: "1s")
            defer { setup.cleanUp() }
            try setup.appendToConfig(Self.config)
            let folder = setup.directory.appendingPathComponent("store")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            #expect(try await Self.shell("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", folder.path) == 0)
            defer { _ = try? Self.shellBlocking("umount", "-l", folder.path) }
            _ = try await setup.importWelcomeCustomers(1000)
            let daemon = try DaemonProcess(setup.cli, log: setup.directory.appendingPathComponent("daemon.log"))
            defer { if daemon.isRunning { daemon.send(SIGKILL) } }
            #expect(try await waitFor(within: .seconds(120)) { try smtp.messages().count >= 100 }, "\(daemon.logText)")

            // Fill the disk for ten seconds, then make room again.
            let filler = folder.appendingPathComponent("filler")
            _ = FileManager.default.createFile(atPath: filler.path, contents: nil)
            let handle = try FileHandle(forWritingTo: filler)
            let block = Data(count: 64 << 10)
            while (try? handle.write(contentsOf: block)) != nil {}
            try? handle.close()
            #expect(
                try await waitFor(within: .seconds(60)) {
                    daemon.logText.contains("store write failed after the transport answered")
                        || daemon.logText.contains("database or disk is full")
                }, "the full disk was felt: \(daemon.logText.suffix(2000))")
            try await Task.sleep(for: .seconds(10))
            try FileManager.default.removeItem(at: filler)

            #expect(
                try await waitFor(within: .seconds(300)) { try setup.sentCount() == 1000 },
                "\(daemon.logText.suffix(3000))")
            try await Self.expectEachSentOnce(smtp: smtp, setup: setup, count: 1000)
            daemon.send(SIGTERM)
            #expect(try await daemon.waitForExit(within: .seconds(60)))
        }
    }

    @Test func twoDaemonsWithATwoSecondLeaseAndAFourSecondRelayDeliverEachMessageOnce() async throws {
        try await withSMTPServer { smtp in
            let setup = try Deployment(smtpURL: smtp.url, campaignFiles: Deployment.immediateWelcome(), tick: "1s")
            defer { setup.cleanUp() }
            try setup.appendToConfig("delivery: { workers: 2, lease: 2s }")
            let check = try await setup.cli.run(["check"])
            #expect(check.status == 78)
            #expect(
                check.stdout.contains("delivery.lease: 2s is shorter than transports.default.timeout (10m)"), "\(check)"
            )

            // The relay takes 4 s over each of these (slow-4@…), twice the lease.
            let signedUp = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3600))
            let csv =
                "id,email,first_name,signed_up_at\n"
                + (1...4).map { "S\($0),slow-4@c\($0).example.vn,Khách,\(signedUp)\n" }.joined()
            let file = setup.directory.appendingPathComponent("slow.csv")
            try csv.write(to: file, atomically: true, encoding: .utf8)
            #expect(try await setup.cli.run(["import", "customers", file.path]).status == 0)

            let first = try DaemonProcess(setup.cli, log: setup.directory.appendingPathComponent("first.log"))
            let second = try DaemonProcess(setup.cli, log: setup.directory.appendingPathComponent("second.log"))
            defer { for daemon in [first, second] where daemon.isRunning { daemon.send(SIGKILL) } }
            #expect(
                try await waitFor(within: .seconds(120)) { try setup.sentCount() == 4 },
                "\(first.logText)\n\(second.logText)")
            // Longer than a lease and a send: a takeover would have sent again by now.
            try await Task.sleep(for: .seconds(6))
            try await Self.expectEachSentOnce(smtp: smtp, setup: setup, count: 4)
            let ledger = try await setup.cli.run(["log"])
            #expect(
                try await setup.cli.ledger().allSatisfy { $0.attempts == 1 },
                "\(ledger)\n\(first.logText)\n\(second.logText)")
            for daemon in [first, second] { daemon.send(SIGTERM) }
            for daemon in [first, second] { #expect(try await daemon.waitForExit(within: .seconds(60))) }
        }
    }

    /// The server's Message-IDs are the ledger's `sent` rows, none twice.
    static func expectEachSentOnce(smtp: SMTPTestServer, setup: Deployment, count: Int) async throws {
        let received = try smtp.messages().compactMap(\.messageID)
        let ledger = try await setup.cli.ledger().filter { $0.status == "sent" }.compactMap(\.messageID)
        #expect(received.count == count, "\(received.count) messages at the server")
        #expect(Set(received).count == received.count, "\(received.count - Set(received).count) sent twice")
        #expect(Set(received) == Set(ledger))
    }

    /// `BEGIN EXCLUSIVE` held on a thread of its own, as another process holding the store would.
    static func holdExclusiveLock(on store: DatabaseQueue, for duration: Duration) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread.detachNewThread {
                do {
                    try store.writeWithoutTransaction { db in
                        try db.execute(sql: "BEGIN EXCLUSIVE")
                        Thread.sleep(forTimeInterval: duration / .seconds(1))
                        try db.execute(sql: "COMMIT")
                    }
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    static func shell(_ arguments: String...) async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        return try await process.runUntilExit()
    }

    static func shellBlocking(_ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
    }
}

extension Deployment {
    /// The ledger's `sent` rows, read as `rapport log` reads them, without a process per look.
    func sentCount() throws -> Int {
        try Store(path: storePath, access: .readOnly).ledger(LedgerFilter(status: .sent)).count
    }
}
