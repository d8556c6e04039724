import Foundation
import RapportTestSupport
import Testing

/// `rapport run` as systemd runs it: ticks on its own, and exits 0 on SIGTERM.
@Suite struct DaemonLifecycleTests {
    @Test func daemonSendsOnItsOwnAndStopsCleanlyOnSIGTERM() async throws {
        try await withSMTPServer { server in
            let setup = try Deployment(smtpURL: server.url, tick: "1s")
            defer { setup.cleanUp() }
            _ = try await setup.cli.run([
                "import", "customers", setup.directory.appendingPathComponent("customers.csv").path,
            ])

            let daemon = try setup.cli.start(["run", "--now", WelcomeEndToEndTests.now])
            defer { if daemon.isRunning { daemon.terminate() } }
            let start = ContinuousClock.now
            while try server.messages().count < 3, ContinuousClock.now - start < .seconds(30) {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(try server.messages().count == 3)
            // Several more ticks pass: still nothing sent twice.
            try await Task.sleep(for: .milliseconds(2500))
            #expect(try server.messages().count == 3)

            kill(daemon.processIdentifier, SIGTERM)
            let stopping = ContinuousClock.now
            while daemon.isRunning, ContinuousClock.now - stopping < .seconds(10) {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(!daemon.isRunning, "the daemon must stop within 10 s of SIGTERM")
            #expect(daemon.terminationReason == .exit)
            #expect(daemon.terminationStatus == 0)
        }
    }
}
