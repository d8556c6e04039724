import Foundation
import GRDB
import RapportTestSupport
import Testing

/// Customers known by phone, reached through a local stand-in for Zalo's Notification Service
/// (tokens that rotate, scripted refusals) and an SMS gateway that answers 200 with its verdict in
/// the body, with email as the last channel — all through the built binary.
@Suite(.serialized) struct ZaloEndToEndTests {
    static let birthday = """
        id: birthday
        category: transactional
        trigger: { kind: birthday, at: "09:00" }
        channels:
          - transport: zalo
            zns:
              template_id: "231677"
              data:
                customer_name: "{{#full_name}}{{full_name}}{{/full_name}}{{^full_name}}bạn{{/full_name}}"
                birthday: "{{birthday}}"
          - transport: sms
            message:
              text: "Hoa Mai chúc mừng sinh nhật {{#first_name}}{{first_name}}{{/first_name}}!"
          - default
        message:
          subject: "Chúc mừng sinh nhật {{#first_name}}{{first_name}}{{/first_name}}!"
          text: "Hoa Mai chúc mừng sinh nhật bạn."
        """

    static let smsBody =
        #"{"Phone": "{{message.to}}", "Content": "{{message.text}}", "RequestId": "{{message.idempotency_key}}"}"#

    /// A deployment with a `zalo` transport on `zalo`, an `sms` gateway on `sms` and SMTP as
    /// `default`, the refresh token given as an operator would.
    static func deployment(
        smtp: SMTPTestServer, zalo: ZaloTestServer, sms: HTTPTestServer, campaigns: [String: String] = [:],
        tick: String = "1m"
    ) async throws -> Deployment {
        let setup = try Deployment(
            smtpURL: smtp.url, campaignFiles: campaigns.isEmpty ? ["birthday.yml": birthday] : campaigns, tick: tick,
            transports: [
                #"zalo: { kind: zns, app_id: "\#(zalo.settings.appID)", secret_key_file: keys/zalo-secret, url: "\#(zalo.messageURL)", oauth_url: "\#(zalo.oauthURL)" }"#,
                #"sms: { kind: http, url: "\#(sms.url("/sms"))", preset: template, body_template: sms-body.json, address: phone, result: { field: CodeResult, accepted: ["100"], refused: ["99", "108"], setup: ["101"], retry: ["103"] } }"#,
            ])
        let keys = setup.directory.appendingPathComponent("keys")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        let secret = keys.appendingPathComponent("zalo-secret")
        try zalo.settings.secretKey.write(to: secret, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret.path)
        try smsBody.write(
            to: setup.directory.appendingPathComponent("sms-body.json"), atomically: true, encoding: .utf8)
        let seeded = try await setup.cli.run(["zns", "set-refresh-token"], input: zalo.settings.refreshToken + "\n")
        #expect(seeded.status == 0, "\(seeded)")
        #expect(!seeded.stdout.contains(zalo.settings.refreshToken))
        return setup
    }

    /// Runs `body` with a deployment whose `zalo` transport talks to a fresh Zalo stand-in, whose
    /// `sms` gateway answers every request with `sms` (eSMS's "100": taken) and whose `default`
    /// is a real SMTP server; stops them all after.
    static func withShop(
        zalo settings: ZaloTestServer.Settings = .init(), sms answer: String = #"{"CodeResult":"100"}"#,
        campaigns: [String: String] = [:], tick: String = "1m",
        _ body: (Deployment, ZaloTestServer, HTTPTestServer, SMTPTestServer) async throws -> Void
    ) async throws {
        let zalo = try ZaloTestServer(settings)
        defer { zalo.stop() }
        try await withHTTPServer(responding: [.init(status: 200, body: answer)]) { sms in
            try await withSMTPServer { smtp in
                let setup = try await deployment(smtp: smtp, zalo: zalo, sms: sms, campaigns: campaigns, tick: tick)
                defer { setup.cleanUp() }
                try await body(setup, zalo, sms, smtp)
            }
        }
    }

    static func importCustomers(_ csv: String, into setup: Deployment) async throws {
        let file = setup.directory.appendingPathComponent("customers-\(UUID().uuidString).csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        let imported = try await setup.cli.run(["import", "customers", file.path])
        #expect(imported.status == 0, "\(imported)")
    }

    /// `(status, recipient, transport, channel_attempts)` of every ledger row, by customer.
    static func ledger(_ setup: Deployment) throws -> [String: (String, String?, String?, String?)] {
        let queue = try DatabaseQueue(path: setup.storePath)
        return try queue.read { db in
            var rows: [String: (String, String?, String?, String?)] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT customer_id, status, recipient, transport, channel_attempts FROM deliveries")
            {
                rows[row["customer_id"]] = (row["status"], row["recipient"], row["transport"], row["channel_attempts"])
            }
            return rows
        }
    }

    /// Makes the stored access token one Zalo no longer accepts, as after its expiry.
    static func staleAccessToken(_ setup: Deployment) throws {
        let queue = try DatabaseQueue(path: setup.storePath)
        try queue.write { db in
            try db.execute(
                sql: "UPDATE zns_tokens SET access_token = 'A-stale', access_expires_at = '2099-01-01T00:00:00.000Z'")
        }
    }

    @Test func phoneOnlyCustomersGetTheirBirthdayByZaloAndEmailOnlyOnesByEmail() async throws {
        try await Self.withShop { setup, zalo, sms, smtp in
            try await Self.importCustomers(
                """
                id,email,phone,first_name,last_name,locale,birthday
                P1,,0912 345 678,Hồng Nhung,Nguyễn Thị,vi,1994-03-08
                E1,e1@example.vn,,Lan,,vi,1990-03-08

                """, into: setup)

            // The third customer comes through the ingest API of the running daemon.
            let running = try await setup.startWithAPI()
            let (daemon, base, api) = (running.daemon, running.base, running.headers)
            defer { if daemon.isRunning { daemon.send(SIGKILL) } }
            let created = try await LoopbackHTTP.send(
                "PUT", "\(base)/v1/customers/P2", headers: api,
                body: #"{"phone":"+84 987 654 321","first_name":"Minh","birthday":"1988-03-08"}"#)
            #expect(created.status == 201, "\(created.body)")
            let refused = try await LoopbackHTTP.send(
                "PUT", "\(base)/v1/customers/P3", headers: api, body: #"{"phone":"12345"}"#)
            #expect(refused.status == 422 || refused.status == 400, "\(refused.body)")
            #expect(refused.body.contains("phone"), "\(refused.body)")
            daemon.send(SIGTERM)
            _ = try await daemon.waitForExit(within: .seconds(30))

            let run = try await setup.cli.run(["run", "--once", "--now", "2027-03-08T02:00:00Z"])
            #expect(run.status == 0, "\(run)")

            let accepted = try zalo.accepted()
            #expect(Set(accepted.map(\.request.phone)) == ["84912345678", "84987654321"], "\(accepted)")
            let nhung = try #require(accepted.first { $0.request.phone == "84912345678" })
            #expect(nhung.request.templateID == "231677")
            #expect(nhung.request.templateData == ["customer_name": "Nguyễn Thị Hồng Nhung", "birthday": "1994-03-08"])
            #expect(nhung.request.trackingID.count == 36)
            #expect(try zalo.renewals().map(\.accepted) == [true], "one renewal: no access token yet")
            #expect(try sms.requests().isEmpty)
            #expect(try smtp.messages().map(\.rcptTos) == [["e1@example.vn"]])

            let ledger = try Self.ledger(setup)
            #expect(ledger["P1"]?.0 == "sent")
            #expect(ledger["P1"]?.1 == "+84912345678")
            #expect(ledger["P1"]?.2 == "zalo")
            #expect(ledger["E1"]?.1 == "e1@example.vn")
            #expect(ledger["E1"]?.2 == "default")
            let log = try await setup.cli.run(["log"])
            #expect(log.stdout.contains("+84912345678"), "\(log.stdout)")
            #expect(!log.stdout.contains(zalo.settings.secretKey))
        }
    }

    @Test func aRefusedAccessTokenIsRenewedOnceForEveryWorkerAndDaemon() async throws {
        try await Self.withShop { setup, zalo, sms, smtp in
            try setup.appendToConfig("delivery: { workers: 4 }")
            let phones = (0..<24).map { "09123456\(String(format: "%02d", $0))" }
            try await Self.importCustomers(
                "id,phone,birthday\n"
                    + phones.enumerated().map { "P\($0.offset),\($0.element),1990-03-08" }
                    .joined(separator: "\n") + "\n", into: setup)
            let check = try await setup.cli.run(["check"])
            #expect(check.status == 0, "\(check)")
            // A token Zalo no longer takes, as after it expired early.
            try Self.staleAccessToken(setup)

            // Two daemons at once, four workers each.
            async let first = setup.cli.run(["run", "--once", "--now", "2027-03-08T02:00:00Z"])
            async let second = setup.cli.run(["run", "--once", "--now", "2027-03-08T02:00:00Z"])
            let runs = try await [first, second]
            #expect(runs.allSatisfy { $0.status == 0 }, "\(runs)")

            #expect(try zalo.renewals().map(\.accepted) == [true], "one renewal across workers and daemons")
            let accepted = try zalo.accepted()
            #expect(accepted.count == 24, "each message once: \(accepted.map(\.request.phone))")
            #expect(Set(accepted.map(\.request.phone)).count == 24)
            #expect(accepted.allSatisfy { $0.accessToken == "A1" })
            #expect(try zalo.messages().filter { $0.error == -124 }.count <= 8, "at most one refusal per worker")
            #expect(try Self.ledger(setup).values.allSatisfy { $0.0 == "sent" })
        }
    }

    @Test func refreshTokensRotateAcrossRestartsAndASpentOneSaysWhatToDo() async throws {
        try await Self.withShop { setup, zalo, sms, smtp in
            try await Self.importCustomers(
                "id,phone,birthday\nP1,0912345678,1990-03-08\nP2,0912345679,1990-03-09\nP3,0912345670,1990-03-10\n",
                into: setup)
            #expect(try await setup.cli.run(["run", "--once", "--now", "2027-03-08T02:00:00Z"]).status == 0)
            // A later process, after the token went stale: renews with the refresh token the
            // first one was given, not the spent R0.
            try Self.staleAccessToken(setup)
            #expect(try await setup.cli.run(["run", "--once", "--now", "2027-03-09T02:00:00Z"]).status == 0)
            #expect(try zalo.renewals().map(\.refreshToken) == ["R0-first", "R1"])
            #expect(try zalo.renewals().allSatisfy(\.accepted))
            #expect(try zalo.accepted().map(\.request.phone) == ["84912345678", "84912345679"])

            // An operator restores an old refresh token by mistake: Zalo refuses it, the message
            // waits, and the ledger says what to do.
            let reseeded = try await setup.cli.run(["zns", "set-refresh-token"], input: "R0-first")
            #expect(reseeded.status == 0)
            #expect(try await setup.cli.run(["run", "--once", "--now", "2027-03-10T02:00:00Z"]).status == 0)
            let waiting = try #require(try Self.ledger(setup)["P3"])
            #expect(waiting.0 == "retrying")
            let log = try await setup.cli.run(["log", "--json"])
            #expect(log.stdout.contains("set-refresh-token"), "\(log.stdout)")
            #expect(!log.stdout.contains("R0-first") && !log.stdout.contains(zalo.settings.secretKey), "\(log.stdout)")
        }
    }

    @Test func quotaRefusalsAreRetriedLaterAndSentOnce() async throws {
        try await Self.withShop(zalo: .init(phones: ["84912345678": ["-115"]])) { setup, zalo, sms, smtp in
            try await Self.importCustomers("id,phone,birthday\nP1,0912345678,1990-03-08\n", into: setup)
            #expect(try await setup.cli.run(["run", "--once", "--now", "2027-03-08T02:00:00Z"]).status == 0)
            #expect(try Self.ledger(setup)["P1"]?.0 == "retrying")
            #expect(try zalo.accepted().isEmpty)
            #expect(try await setup.cli.run(["run", "--once", "--now", "2027-03-08T03:00:00Z"]).status == 0)
            #expect(try Self.ledger(setup)["P1"]?.0 == "sent")
            #expect(try zalo.accepted().count == 1)
            #expect(try sms.requests().isEmpty && smtp.messages().isEmpty, "a busy Zalo is not a reason to fall back")
        }
    }

    @Test func aNumberNotOnZaloFallsBackToSMSThenEmailForThatCustomerOnly() async throws {
        // The gateway answers 200 and refuses the number in the body (eSMS's 99: blocked).
        try await Self.withShop(zalo: .init(phones: ["84912345678": ["-118"]]), sms: #"{"CodeResult":"99"}"#) {
            setup, zalo, sms, smtp in
            try await Self.importCustomers(
                """
                id,email,phone,first_name,birthday
                P1,p1@example.vn,0912345678,Hà,1990-03-08
                P2,p2@example.vn,0912345679,Minh,1990-03-08

                """, into: setup)
            #expect(try await setup.cli.run(["run", "--once", "--now", "2027-03-08T02:00:00Z"]).status == 0)

            #expect(try zalo.accepted().map(\.request.phone) == ["84912345679"])
            let smsRequests = try sms.requests()
            #expect(smsRequests.count == 1)
            let smsBody =
                try JSONSerialization.jsonObject(with: try #require(smsRequests.first).body) as? [String: String]
            #expect(smsBody?["Phone"] == "+84912345678")
            #expect(smsBody?["Content"] == "Hoa Mai chúc mừng sinh nhật Hà!")
            #expect(try smtp.messages().map(\.rcptTos) == [["p1@example.vn"]])
            let ledger = try Self.ledger(setup)
            #expect(ledger.count == 2, "one row per occurrence")
            let p1 = try #require(ledger["P1"])
            #expect(p1.0 == "sent")
            #expect(p1.1 == "p1@example.vn")
            #expect(p1.2 == "default")
            let attempts = try #require(p1.3).split(separator: "\n")
            #expect(attempts.count == 2, "\(attempts)")
            #expect(attempts.first?.hasPrefix("zalo +84912345678:") == true, "\(attempts)")
            #expect(attempts.last?.hasPrefix("sms +84912345678:") == true, "\(attempts)")
            #expect(ledger["P2"]?.2 == "zalo")
            let log = try await setup.cli.run(["log", "--customer", "P1", "--json"])
            let entry = try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [String: Any]
            #expect((entry?["channel_attempts"] as? [String])?.count == 2, "\(log.stdout)")
            #expect(entry?["recipient"] as? String == "p1@example.vn")

            // A year later the refusals are remembered per channel: straight to email.
            #expect(try await setup.cli.run(["run", "--once", "--now", "2028-03-08T02:00:00Z"]).status == 0)
            #expect(try zalo.messages().filter { $0.request.phone == "84912345678" }.count == 1)
            #expect(try sms.requests().count == 1)
            #expect(try smtp.messages().map(\.rcptTos) == [["p1@example.vn"], ["p1@example.vn"]])
            let suppressions = try await setup.cli.run(["suppress", "list"])
            #expect(suppressions.stdout.contains("zalo:+84912345678"), "\(suppressions.stdout)")
        }
    }

    @Test func aGatewayAnswering200WithAFailureCodeIsRecordedFailedNotSent() async throws {
        let campaign = """
            id: sms-birthday
            category: transactional
            trigger: { kind: birthday, at: "09:00" }
            transport: sms
            message:
              subject: "SMS sinh nhật"
              text: "Hoa Mai chúc mừng sinh nhật!"
            """
        try await Self.withShop(sms: #"{"CodeResult":"108"}"#, campaigns: ["sms-birthday.yml": campaign]) {
            setup, zalo, sms, smtp in
            try await Self.importCustomers("id,phone,birthday\nP1,0912345678,1990-03-08\n", into: setup)
            #expect(try await setup.cli.run(["run", "--once", "--now", "2027-03-08T02:00:00Z"]).status == 0)
            #expect(try sms.requests().count == 1)
            let row = try #require(try Self.ledger(setup)["P1"])
            #expect(row.0 == "failed", "\(row)")
            #expect(row.1 == "+84912345678")
        }
    }

    @Test func checkWarnsOfAMultiPartSMSAndCountsCustomersNoChannelReaches() async throws {
        let long = """
            id: sms-renewal
            category: transactional
            trigger: { kind: renewal, before: [7d] }
            transport: sms
            message:
              subject: "SMS gia hạn"
              text: "Hoa Mai xin thông báo: thẻ thành viên của {{first_name}} sẽ được gia hạn tự động vào ngày {{renewal_date}}. Cảm ơn bạn đã đồng hành!"
            """
        try await Self.withShop(campaigns: ["birthday.yml": Self.birthday, "sms-renewal.yml": long]) {
            setup, zalo, sms, smtp in
            try await Self.importCustomers(
                "id,email,phone,renewal_date\nE1,e1@example.vn,,2027-05-21\nP1,,0912345678,2027-05-21\n",
                into: setup)
            let check = try await setup.cli.run(["check", "--data"])
            #expect(check.status == 0, "a warning, not an error: \(check)")
            #expect(check.stdout.contains("sms-renewal.yml:7:"), "\(check.stdout)")
            #expect(
                check.stdout.contains(
                    "message.text: warning: goes by SMS through sms and is 102 characters, UCS-2 (70 a part), 2 parts before its fields are filled in"
                ), "\(check.stdout)")
            let rows = check.stdout.split(separator: "\n").map { $0.split(separator: " ") }
            #expect(
                rows.contains([
                    "no", "address", "for", "its", "channels", "1", "sms-renewal", "skipped", "by", "that", "campaign",
                ]),
                "\(check.stdout)")
            #expect(check.stdout.contains("no address for its channels: E1 (e1@example.vn)"), "\(check.stdout)")
        }
    }
}
