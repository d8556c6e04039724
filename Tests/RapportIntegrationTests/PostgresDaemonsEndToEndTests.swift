import Foundation
import RapportCore
import RapportStore
import RapportTestSupport
import Testing

/// Several daemons on one PostgreSQL database share the work through the database's own locks
/// and constraints: what the SMTP server received is compared, Message-ID by Message-ID, with the
/// ledger.
@Suite struct PostgresDaemonsEndToEndTests {
    static let count = 10_000
    static let config = "delivery: { workers: 2, lease: 2s, retry_after: 1s, retry_max: 2s }"

    @Test func threeDaemonsOnOneDatabaseDeliverEveryOccurrenceExactlyOnce() async throws {
        try await withSMTPServer { smtp in
            let (setup, place) = try Self.deployment(smtp: smtp)
            defer { setup.cleanUp() }
            _ = try await setup.importWelcomeCustomers(Self.count)
            let daemons = try (1...3).map { try Self.start(setup, $0) }
            defer { for daemon in daemons where daemon.isRunning { daemon.send(SIGKILL) } }

            #expect(
                try await waitFor(within: .seconds(600)) { try Self.sentCount(place) == Self.count },
                "\((try? Self.sentCount(place)) ?? -1) sent; \(daemons[0].logText.suffix(2000))")
            let received = try smtp.messages().compactMap(\.messageID)
            #expect(received.count == Self.count, "\(received.count) messages at the server")
            #expect(Set(received).count == received.count, "\(received.count - Set(received).count) sent twice")
            #expect(Set(received) == Set(try Self.sentMessageIDs(place)))
            // Each daemon did part of the work: the queue was shared, not taken by the first.
            for daemon in daemons {
                #expect(daemon.logText.contains("delivery done"), "a daemon that sent nothing")
            }
            for daemon in daemons { daemon.send(SIGTERM) }
            for daemon in daemons { #expect(try await daemon.waitForExit(within: .seconds(60))) }
        }
    }

    @Test func aKilledDaemonsMessagesAreSentByTheOthersAndARestartedOneGoesOn() async throws {
        try await withSMTPServer { smtp in
            let (setup, place) = try Self.deployment(smtp: smtp)
            defer { setup.cleanUp() }
            _ = try await setup.importWelcomeCustomers(Self.count)
            var daemons = try (1...3).map { try Self.start(setup, $0) }
            defer { for daemon in daemons where daemon.isRunning { daemon.send(SIGKILL) } }

            #expect(try await waitFor(within: .seconds(300)) { try Self.sentCount(place) >= Self.count / 4 })
            daemons[0].send(SIGKILL)
            #expect(try await daemons[0].waitForExit(within: .seconds(30)))
            daemons[1].send(SIGTERM)
            #expect(try await daemons[1].waitForExit(within: .seconds(60)))
            #expect(daemons[1].terminationStatus == 0)
            daemons[1] = try Self.start(setup, 4)

            #expect(
                try await waitFor(within: .seconds(600)) { try Self.sentCount(place) == Self.count },
                "\((try? Self.sentCount(place)) ?? -1) sent; \(daemons[2].logText.suffix(2000))")
            let received = try smtp.messages().compactMap(\.messageID)
            #expect(Set(received) == Set(try Self.sentMessageIDs(place)), "none lost")
            // The README's bound: a dead process's message in each worker's transport's hands.
            let twice = received.count - Set(received).count
            #expect(twice <= 2, "\(twice) sent twice, against a bound of 2 (the killed daemon's workers)")
            let resends = daemons.map { $0.logText }.joined().components(
                separatedBy: "sending again after a worker stopped mid-send"
            ).count - 1
            #expect(twice <= resends, "every duplicate is a logged resend")
            for daemon in daemons[1...] { daemon.send(SIGTERM) }
            for daemon in daemons[1...] { #expect(try await daemon.waitForExit(within: .seconds(60))) }
        }
    }

    /// A deployment whose store is a new database on the PostgreSQL test server.
    static func deployment(smtp: SMTPTestServer) throws -> (Deployment, PostgresLocation) {
        let place = try PostgresTestServer.makeDatabase()
        let setup = try Deployment(
            smtpURL: smtp.url, campaignFiles: Deployment.immediateWelcome(), tick: "1s",
            store: #"{ postgres: "postgres://\#(place.username)@\#(place.host):\#(place.port)/\#(place.database)?sslmode=disable" }"#)
        try setup.appendToConfig(config)
        return (setup, place)
    }

    static func start(_ setup: Deployment, _ number: Int) throws -> DaemonProcess {
        try DaemonProcess(setup.cli, log: setup.directory.appendingPathComponent("daemon-\(number).log"))
    }

    static func sentCount(_ place: PostgresLocation) throws -> Int {
        try Store(postgres: place, access: .readOnly).ledger(LedgerFilter(status: .sent)).count
    }

    static func sentMessageIDs(_ place: PostgresLocation) throws -> [String] {
        try Store(postgres: place, access: .readOnly).ledger(LedgerFilter(status: .sent)).compactMap(\.messageID)
    }
}
