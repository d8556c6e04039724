import Foundation
import GRDB
import RapportCore
import RapportStore
import RapportTestSupport
import Testing

/// `rapport backup` while the daemon sends: a consistent, private copy an operator can restore.
@Suite struct BackupEndToEndTests {
    @Test func aBackupTakenDuringATenThousandMessageRunPassesIntegrityAndHoldsEveryRowCommittedBeforeIt()
        async throws
    {
        try await withSMTPServer { smtp in
            let setup = try Deployment(smtpURL: smtp.url, campaignFiles: Deployment.immediateWelcome(), tick: "1s")
            defer { setup.cleanUp() }
            // Files rather than SMTP, paced so the run lasts long enough to be caught in the middle.
            let config = URL(fileURLWithPath: setup.cli.config)
            let text = try String(contentsOf: config, encoding: .utf8).replacingOccurrences(
                of: #"default: { kind: smtp, url: "\#(smtp.url)", starttls: "off" }"#,
                with: "default: { kind: file, directory: outbox, max_per_second: 800 }")
            try text.write(to: config, atomically: true, encoding: .utf8)
            _ = try await setup.importWelcomeCustomers(10_000)
            let daemon = try DaemonProcess(setup.cli, log: setup.directory.appendingPathComponent("daemon.log"))
            defer { if daemon.isRunning { daemon.send(SIGKILL) } }

            let store = try Store(path: setup.storePath, access: .readOnly)
            #expect(
                try await waitFor(within: .seconds(120)) { try store.ledger(LedgerFilter(status: .sent)).count >= 1000 },
                "\(daemon.logText)")
            // What was committed before the backup began.
            let before = Dictionary(
                uniqueKeysWithValues: try store.ledger(LedgerFilter()).map { ($0.customerID, $0.status) })
            let backup = setup.directory.appendingPathComponent("backups/rapport.sqlite")
            try FileManager.default.createDirectory(
                at: backup.deletingLastPathComponent(), withIntermediateDirectories: true)
            let outcome = try await setup.cli.run(["backup", backup.path])
            #expect(outcome.status == 0, "\(outcome)")
            #expect(outcome.stdout.contains("integrity ok"), "\(outcome)")

            let mode = try FileManager.default.attributesOfItem(atPath: backup.path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "the copy holds personal data")
            let copy = try DatabaseQueue(path: backup.path)
            #expect(try await copy.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") } == ["ok"])
            let copied = Dictionary(
                uniqueKeysWithValues: try Store(path: backup.path, access: .readOnly).ledger(LedgerFilter()).map {
                    ($0.customerID, $0.status)
                })
            let lost = before.filter { customer, status in
                guard let now = copied[customer] else { return true }
                return status == .sent && now != .sent
            }
            #expect(lost.isEmpty, "\(lost.count) rows committed before the backup are missing from it")
            let sentInCopy = copied.values.filter { $0 == .sent }.count
            #expect(sentInCopy < 10_000, "the backup was taken while the daemon was still sending (\(sentInCopy))")

            // The run goes on undisturbed: every message sent once.
            #expect(
                try await waitFor(within: .seconds(300)) {
                    try store.ledger(LedgerFilter(status: .sent)).count == 10_000
                }, "\(daemon.logText.suffix(2000))")
            daemon.send(SIGTERM)
            #expect(try await daemon.waitForExit(within: .seconds(30)))
            #expect(daemon.terminationStatus == 0)
        }
    }

    @Test func aStoreMigratedByANewerRapportIsRefusedWithWhatToDo() async throws {
        try await withSMTPServer { smtp in
            let setup = try Deployment(smtpURL: smtp.url, tick: "1s")
            defer { setup.cleanUp() }
            let imported = try await setup.cli.run([
                "import", "customers", setup.directory.appendingPathComponent("customers.csv").path,
            ])
            #expect(imported.status == 0, "\(imported)")
            let store = try DatabaseQueue(path: setup.storePath)
            try await store.write {
                try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
            }
            try store.close()
            for arguments in [["run", "--once"], ["log"], ["check", "--data"]] {
                let outcome = try await setup.cli.run(arguments)
                #expect(outcome.status != 0, "\(arguments): \(outcome)")
                #expect(
                    outcome.stderr.contains("it was migrated by a newer rapport (schema v99: from the future)"),
                    "\(arguments): \(outcome)")
            }
            #expect(try smtp.messages().isEmpty)
            // A backup of it still works: that is how an operator keeps it before a rollback.
            let outcome = try await setup.cli.run(["backup", setup.directory.appendingPathComponent("keep.sqlite").path])
            #expect(outcome.status == 0, "\(outcome)")
        }
    }
}
