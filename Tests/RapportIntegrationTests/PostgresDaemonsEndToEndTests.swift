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
            let resends =
                daemons.map { $0.logText }.joined().components(
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
            store:
                #"{ postgres: "postgres://\#(place.username)@\#(place.host):\#(place.port)/\#(place.database)?sslmode=disable" }"#
        )
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

/// The frequency cap across daemons: two processes admitting the same customers' messages in
/// the same second still hand each customer at most the cap. One of them is a host whose
/// campaigns folder is a deploy behind — it has the welcome but not yet the higher-priority
/// tips — so the two decide differently, and only the store's admission lock keeps one from
/// taking room the other already took.
@Suite struct PostgresFrequencyCapEndToEndTests {
    static let customers = 2000

    static func campaign(_ id: String, priority: Int, delay: String) -> String {
        """
        id: \(id)
        category: marketing
        priority: \(priority)
        max_delay: 10d
        trigger: { kind: welcome, delay: \(delay), since: 2026-01-01 }
        message: { subject: "\(id)", text: "\(id)" }
        """
    }

    @Test func twoDaemonsAdmittingTheSameCustomersAtOnceKeepTheCap() async throws {
        try await withSMTPServer { smtp in
            let place = try PostgresTestServer.makeDatabase()
            let store =
                #"{ postgres: "postgres://\#(place.username)@\#(place.host):\#(place.port)/\#(place.database)?sslmode=disable" }"#
            let welcome = Self.campaign("welcome", priority: 0, delay: "1h")
            let current = try Deployment(
                smtpURL: smtp.url,
                campaignFiles: ["welcome.yml": welcome, "tips.yml": Self.campaign("tips", priority: 10, delay: "1h")],
                store: store)
            let behind = try Deployment(smtpURL: smtp.url, campaignFiles: ["welcome.yml": welcome], store: store)
            defer {
                current.cleanUp()
                behind.cleanUp()
            }
            for setup in [current, behind] { try setup.appendToConfig("frequency_cap: { messages: 1, per: 7d }") }
            let file = current.directory.appendingPathComponent("customers.csv")
            try
                ("id,email,signed_up_at\n"
                + (0..<Self.customers).map {
                    String(format: "F%04d,f%04d@example.vn,2026-11-23T08:00:00+07:00\n", $0, $0)
                }.joined()).write(to: file, atomically: true, encoding: .utf8)
            #expect(try await current.cli.run(["import", "customers", file.path]).status == 0)

            let run = ["run", "--once", "--no-deliver", "--now", "2026-11-23T09:00:00+07:00"]
            async let first = current.cli.run(run)
            async let second = behind.cli.run(run)
            let outcomes = try await [first, second]
            for outcome in outcomes { #expect(outcome.status == 0, "\(outcome)") }

            let queued = try Store(postgres: place, access: .readOnly).ledger(LedgerFilter(status: .queued))
            let perCustomer = Dictionary(grouping: queued, by: \.customerID).mapValues(\.count)
            #expect(perCustomer.count == Self.customers, "every customer gets one message now")
            let over = perCustomer.filter { $0.value > 1 }.count
            #expect(over == 0, "\(over) customers over the cap of one message a week")
        }
    }
}
