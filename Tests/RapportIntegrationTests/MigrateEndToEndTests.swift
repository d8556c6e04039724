import Foundation
import GRDB
import RapportCore
import RapportTestSupport
import Testing

/// After an upgrade whose schema changed, the daemon refuses the old store until an operator
/// migrates it, and `rapport migrate` says what it applied — on SQLite and on PostgreSQL.
@Suite struct MigrateEndToEndTests {
    @Test func theDaemonRefusesAnOlderStoreUntilItIsMigrated() async throws {
        try await withSMTPServer { smtp in
            let setup = try Deployment(smtpURL: smtp.url, campaignFiles: Deployment.immediateWelcome())
            defer { setup.cleanUp() }
            _ = try await setup.importWelcomeCustomers(5)
            // The store as the version before erasures made it.
            let store = try DatabaseQueue(path: setup.storePath)
            try await store.write { db in
                try db.execute(
                    sql: """
                        ALTER TABLE customers DROP COLUMN erased_at;
                        DROP TABLE erasures;
                        DROP TABLE erasure_salt;
                        DELETE FROM grdb_migrations WHERE identifier = 'v16: erasures on request';
                        """)
            }
            try store.close()

            let refused = try await setup.cli.run(["run", "--once"])
            #expect(refused.status == 78, "\(refused)")
            #expect(refused.stderr.contains("needs migrating (pending: v16: erasures on request)"), "\(refused)")
            #expect(refused.stderr.contains("rapport migrate"), "\(refused)")
            #expect(try smtp.messages().isEmpty)

            let migrated = try await setup.cli.run(["migrate"])
            #expect(migrated.status == 0, "\(migrated)")
            #expect(migrated.stdout.contains("applied v16: erasures on request\n"), "\(migrated)")
            #expect(migrated.stdout.contains("is at the current schema"), "\(migrated)")
            #expect(try await !setup.cli.run(["migrate"]).stdout.contains("applied"))
            #expect(try await setup.cli.run(["run", "--once"]).status == 0)
            #expect(try smtp.messages().count == 5)
        }
    }

    @Test func aNewPostgreSQLDatabaseGetsItsSchemaOnceAndSaysSo() async throws {
        try await withSMTPServer { smtp in
            let place = try PostgresTestServer.makeDatabase()
            let setup = try Deployment(
                smtpURL: smtp.url,
                store:
                    #"{ postgres: "postgres://\#(place.username)@\#(place.host):\#(place.port)/\#(place.database)?sslmode=disable" }"#
            )
            defer { setup.cleanUp() }
            let first = try await setup.cli.run(["migrate"])
            #expect(first.status == 0, "\(first)")
            #expect(first.stdout.hasPrefix("applied pg1: "), "\(first)")
            let second = try await setup.cli.run(["migrate"])
            #expect(!second.stdout.contains("applied"), "\(second)")
            #expect(second.stdout.contains("is at the current schema (1 migration)"), "\(second)")
        }
    }
}
