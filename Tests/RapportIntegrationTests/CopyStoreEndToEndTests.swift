import Foundation
import RapportCore
import RapportTestSupport
import Testing

/// A business moving from SQLite to PostgreSQL: `rapport copy-store` carries every row, and the
/// daemon's commands read the same ledger and suppression list from the copy.
@Suite struct CopyStoreEndToEndTests {
    @Test func aCopiedStoreReadsTheSameAndACopyIntoAFullDatabaseIsRefused() async throws {
        try await withSMTPServer { smtp in
            let setup = try Deployment(smtpURL: smtp.url, campaignFiles: Deployment.immediateWelcome())
            defer { setup.cleanUp() }
            _ = try await setup.importWelcomeCustomers(40)
            #expect(try await setup.cli.run(["run", "--once"]).status == 0)
            #expect(try await setup.cli.run(["suppress", "add", "Lan@Example.VN", "+84912345678"]).status == 0)
            let log = try await setup.cli.run(["log", "--json", "--limit", "1000"])
            let suppressions = try await setup.cli.run(["suppress", "list"])
            #expect(log.stdout.split(separator: "\n").count == 40)

            let place = try PostgresTestServer.makeDatabase()
            let url = "postgres://\(place.username)@\(place.host):\(place.port)/\(place.database)?sslmode=disable"
            let copy = try await setup.cli.run(["copy-store", "--to", url])
            #expect(copy.status == 0, "\(copy)")
            #expect(copy.stdout.contains("deliveries            40 → 40"), "\(copy)")
            #expect(copy.stdout.contains("every table matches"), "\(copy)")

            let config = URL(fileURLWithPath: setup.cli.config)
            try String(contentsOf: config, encoding: .utf8)
                .replacingOccurrences(
                    of: "store: { sqlite: store/rapport.sqlite }", with: #"store: { postgres: "\#(url)" }"#
                )
                .write(to: config, atomically: true, encoding: .utf8)
            #expect(try await setup.cli.run(["log", "--json", "--limit", "1000"]).stdout == log.stdout)
            #expect(try await setup.cli.run(["suppress", "list"]).stdout == suppressions.stdout)

            let again = try await setup.cli.run(["copy-store", "--to", url])
            #expect(again.status == 1)
            #expect(again.stderr.contains("it already holds customers; copy into an empty store only"), "\(again)")
        }
    }
}
