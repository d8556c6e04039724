import Foundation
import RapportTestSupport
import Testing

/// `rapport run` under a service manager, with the test in systemd's place: the notify socket
/// (READY, WATCHDOG, RELOADING, STOPPING), the journal's stream (priorities) and SIGHUP reloads.
@Suite struct ServiceManagerEndToEndTests {
    /// A campaign file with an unknown key: rejected at file:line:column.
    static let brokenCampaign = """
        id: broken
        category: marketing
        transport: default
        trigger: { kind: welcome, delay: 0s }
        colour: blue
        message: { subject: "x", text: "x" }
        """

    @Test func notifiesReadinessWatchdogReloadAndStopThroughTheSocketAndLogsWithJournalPriorities() async throws {
        try await withSMTPServer { smtp in
            var files = Deployment.immediateWelcome()
            files["broken.yml"] = Self.brokenCampaign
            let setup = try Deployment(smtpURL: smtp.url, campaignFiles: files, tick: "1m")
            defer { setup.cleanUp() }
            let notify = try NotifySocket()
            let daemon = try DaemonProcess(
                setup.cli, log: setup.directory.appendingPathComponent("daemon.log"),
                environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "2000000"], logAsJournal: true)
            defer { if daemon.isRunning { daemon.send(SIGKILL) } }

            #expect(try await notify.wait(for: "READY=1", within: .seconds(90)), "\(daemon.logText)")
            #expect(!notify.fields.contains("STOPPING=1"))

            // WATCHDOG=1 every half of WATCHDOG_USEC (1 s), from the scheduler's loop (the tick is 1m).
            let watchStart = ContinuousClock.now
            try await Task.sleep(for: .seconds(6))
            let pings = notify.datagrams.filter { $0.fields == ["WATCHDOG=1"] && $0.receivedAt > watchStart }
            let times = [watchStart] + pings.map(\.receivedAt)
            let gaps = zip(times, times.dropFirst()).map { $1 - $0 }
            // The test's own sleep may overrun on a loaded machine: judge by the pings' own times.
            let steady = gaps.dropFirst().sorted()
            let median = steady.isEmpty ? .zero : steady[steady.count / 2]
            #expect(pings.count >= 4, "\(pings.count) pings, gaps \(gaps)")
            #expect(median > .milliseconds(800) && median < .milliseconds(1200), "every 1 s: \(gaps)")
            #expect(gaps.allSatisfy { $0 < .seconds(2) }, "a gap as long as WatchdogSec gets the service killed: \(gaps)")

            // SIGHUP: RELOADING=1 then READY=1 again, and the daemon lives on.
            let before = notify.datagrams.count
            daemon.send(SIGHUP)
            #expect(try await notify.wait(for: "RELOADING=1", after: before, within: .seconds(30)))
            #expect(try await notify.wait(for: "READY=1", after: before, within: .seconds(30)))
            let reloading = try #require(notify.datagrams.dropFirst(before).first { $0.fields.contains("RELOADING=1") })
            #expect(reloading.fields.contains { $0.hasPrefix("MONOTONIC_USEC=") })
            try await Task.sleep(for: .milliseconds(500))
            #expect(daemon.isRunning)

            daemon.send(SIGTERM)
            #expect(try await daemon.waitForExit(within: .seconds(30)))
            #expect(daemon.terminationStatus == 0)
            #expect(notify.fields.contains("STOPPING=1"))
            let stopping = notify.fields.firstIndex(of: "STOPPING=1") ?? -1
            #expect(stopping > notify.fields.lastIndex(of: "READY=1") ?? Int.max)

            // Every line carries its priority; routine lines are info, the broken campaign an error.
            let lines = daemon.logText.split(separator: "\n")
            #expect(!lines.isEmpty)
            #expect(lines.allSatisfy { $0.range(of: #"^<[0-7]>"#, options: .regularExpression) != nil }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("<6>scheduler started") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("<3>campaign rejected") && $0.contains("broken.yml:5:1") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("<3>reload refused") && $0.contains("broken.yml:5:1") }, "\(lines)")
        }
    }

    @Test func sighupAppliesAGoodConfigAtTheNextTickAndKeepsTheRunningSetWhenTheConfigOrACampaignIsBroken()
        async throws
    {
        try await withSMTPServer { smtp in
            let setup = try Deployment(smtpURL: smtp.url, campaignFiles: Deployment.immediateWelcome(), tick: "1s")
            defer { setup.cleanUp() }
            let daemon = try DaemonProcess(setup.cli, log: setup.directory.appendingPathComponent("daemon.log"))
            defer { if daemon.isRunning { daemon.send(SIGKILL) } }
            let outbox = setup.directory.appendingPathComponent("outbox")

            // Before the reload: the SMTP transport.
            try await setup.importSignedUpCustomer("K1")
            #expect(try await waitFor(within: .seconds(90)) { try smtp.messages().count == 1 }, "\(daemon.logText)")

            // A good config: the same transport name now writes files. Applied at the next tick.
            let config = URL(fileURLWithPath: setup.cli.config)
            let original = try String(contentsOf: config, encoding: .utf8)
            let edited = original.replacingOccurrences(
                of: #"default: { kind: smtp, url: "\#(smtp.url)", starttls: "off" }"#,
                with: "default: { kind: file, directory: outbox }")
            #expect(edited != original)
            try edited.write(to: config, atomically: true, encoding: .utf8)
            daemon.send(SIGHUP)
            #expect(
                try await waitFor(within: .seconds(30)) {
                    daemon.logText.contains("reloaded: the new set takes effect at the next tick")
                }, "\(daemon.logText)")
            #expect(daemon.logText.contains("changed=transports.default"), "\(daemon.logText)")
            try await setup.importSignedUpCustomer("K2")
            #expect(try await waitFor(within: .seconds(60)) { Self.outboxHolds("k2@example.vn", in: outbox) })
            #expect(try smtp.messages().count == 1)

            // A broken config: every error logged with its place, nothing changes, the daemon lives.
            // (The operator's own commands refuse a broken config too: imports go through a copy.)
            let importer = setup.directory.appendingPathComponent("import.yml")
            try edited.write(to: importer, atomically: true, encoding: .utf8)
            let importing = RapportCLI(config: importer.path, workDirectory: setup.directory)
            try (edited + "\ncolour: blue\n").write(to: config, atomically: true, encoding: .utf8)
            daemon.send(SIGHUP)
            #expect(
                try await waitFor(within: .seconds(30)) {
                    daemon.logText.split(separator: "\n").contains {
                        $0.contains("reload refused") && $0.contains("rapport.yml:") && $0.contains("colour")
                    }
                }, "\(daemon.logText)")
            try await setup.importSignedUpCustomer("K3", using: importing)
            #expect(try await waitFor(within: .seconds(60)) { Self.outboxHolds("k3@example.vn", in: outbox) })
            #expect(daemon.isRunning)

            // A broken campaign with a good config: refused as a whole, the running set goes on.
            try edited.replacingOccurrences(of: "tick: 1s", with: "tick: 2s").write(
                to: config, atomically: true, encoding: .utf8)
            let campaign = setup.directory.appendingPathComponent("campaigns/broken.yml")
            try Self.brokenCampaign.write(to: campaign, atomically: true, encoding: .utf8)
            daemon.send(SIGHUP)
            #expect(
                try await waitFor(within: .seconds(30)) {
                    daemon.logText.split(separator: "\n").contains {
                        $0.contains("reload refused") && $0.contains("broken.yml:5:1")
                    }
                }, "\(daemon.logText)")
            #expect(!daemon.logText.contains("changed=tick"))
            try await setup.importSignedUpCustomer("K4")
            #expect(try await waitFor(within: .seconds(60)) { Self.outboxHolds("k4@example.vn", in: outbox) })
            #expect(try smtp.messages().count == 1)
            #expect(daemon.isRunning)

            daemon.send(SIGTERM)
            #expect(try await daemon.waitForExit(within: .seconds(30)))
            #expect(daemon.terminationStatus == 0)
        }
    }

    static func outboxHolds(_ address: String, in outbox: URL) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: outbox.path)) ?? []
        return names.contains { name in
            let text = (try? String(contentsOf: outbox.appendingPathComponent(name), encoding: .utf8)) ?? ""
            return text.contains(address)
        }
    }
}

/// Polls `condition` every 50 ms; false when `limit` passes first.
func waitFor(within limit: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
    let start = ContinuousClock.now
    while ContinuousClock.now - start < limit {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}

extension Deployment {
    /// Imports one customer who signed up an hour ago, for `immediateWelcome`: `<id>@example.vn`
    /// in lower case.
    func importSignedUpCustomer(_ id: String, using cli: RapportCLI? = nil) async throws {
        let signedUp = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3600))
        let file = directory.appendingPathComponent("customer-\(id).csv")
        try "id,email,first_name,signed_up_at\n\(id),\(id.lowercased())@example.vn,Khách,\(signedUp)\n".write(
            to: file, atomically: true, encoding: .utf8)
        let imported = try await (cli ?? self.cli).run(["import", "customers", file.path])
        guard imported.status == 0 else { throw RapportCLI.CLIError(description: "import failed: \(imported)") }
    }
}
