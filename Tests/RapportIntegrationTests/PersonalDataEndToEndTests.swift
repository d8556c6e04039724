import Foundation
import RapportCore
import RapportStore
import RapportTestSupport
import Testing

/// A customer's data on request, through the built binary and the running daemon's API: shown,
/// exported, erased — gone from the store's bytes, the campaign report's counts unchanged, and an
/// erased customer imported again from an old export neither sent a past occurrence again nor
/// messaged at all until they consent anew.
@Suite(.serialized) struct PersonalDataEndToEndTests {
    static let welcome = """
        id: welcome
        category: transactional
        trigger: { kind: welcome, delay: 0s, since: 2026-01-01 }
        message: { subject: "Chào {{first_name}}", text: "Chào {{first_name}}, cảm ơn bạn." }
        goal: { events: [purchase], within: 30d }
        """
    static let birthday = """
        id: birthday
        category: transactional
        trigger: { kind: birthday, at: "09:00" }
        message: { subject: "Chúc mừng sinh nhật {{first_name}}", text: "Chúc mừng!" }
        """
    /// Distinct strings, so their absence from the store's bytes means something.
    static let customers = """
        id,email,phone,first_name,last_name,birthday,signed_up_at
        KH-7731,thomxyz.lequynh@example.vn,0912 777 331,Thơmxyz,Lê Quỳnhxyz,1991-03-08,2026-11-20T09:00:00+07:00
        KH-7732,other@example.vn,,Minh,,1990-03-09,2026-11-20T09:00:00+07:00

        """
    static let comment = "Giao hàng chậm quá, shipper tên Bảoxyz"

    func deployment(_ smtp: SMTPTestServer) async throws -> Deployment {
        let setup = try Deployment(
            smtpURL: smtp.url, campaignFiles: ["welcome.yml": Self.welcome, "birthday.yml": Self.birthday])
        let file = setup.directory.appendingPathComponent("customers.csv")
        try Self.customers.write(to: file, atomically: true, encoding: .utf8)
        #expect(try await setup.cli.run(["import", "customers", file.path]).status == 0)
        let events = setup.directory.appendingPathComponent("events.jsonl")
        try """
        {"customer":"KH-7731","kind":"purchase","at":"2026-11-21T10:00:00+07:00","id":"order-1","properties":{"amount":350000,"note":"giao cho chị Thơmxyz"}}

        """.write(to: events, atomically: true, encoding: .utf8)
        #expect(try await setup.cli.run(["import", "events", events.path]).status == 0)
        #expect(try await setup.cli.run(["run", "--once", "--now", "2026-11-20T03:00:00Z"]).status == 0)
        let store = try Store(path: setup.storePath)
        _ = try store.record(
            try #require(
                SurveyAnswer(
                    customerID: "KH-7731", campaignID: "nps", occurrence: OccurrenceKey(rawValue: "interaction:1"),
                    score: 4, comment: Self.comment)), at: Date())
        return setup
    }

    @Test func showExportEraseAndAReimportThatSendsNothing() async throws {
        try await withSMTPServer { smtp in
            let setup = try await deployment(smtp)
            defer { setup.cleanUp() }
            #expect(try smtp.messages().count == 2, "the two welcomes")

            let show = try await setup.cli.run(["customer", "show", "KH-7731"])
            #expect(show.status == 0, "\(show)")
            for text in ["thomxyz.lequynh@example.vn", "+84912777331", "Thơmxyz", "order-1", Self.comment, "welcome"] {
                #expect(show.stdout.contains(text), "show lacks \(text): \(show.stdout)")
            }
            let exported = setup.directory.appendingPathComponent("KH-7731.json")
            let export = try await setup.cli.run(["customer", "export", "KH-7731", "--out", exported.path])
            #expect(export.status == 0, "\(export)")
            let permissions = try FileManager.default.attributesOfItem(atPath: exported.path)[.posixPermissions] as? Int
            #expect(permissions == 0o600)
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: exported)) as? [String: Any])
            #expect((document["customer"] as? [String: Any])?["phone"] as? String == "+84912777331")
            let events = try #require(document["events"] as? [[String: Any]])
            #expect(events.contains { $0["id"] as? String == "order-1" }, "\(events)")
            #expect(((document["survey_answers"] as? [[String: Any]])?.first?["comment"] as? String) == Self.comment)
            #expect(
                (document["messages"] as? [[String: Any]])?.first?["recipient"] as? String
                    == "thomxyz.lequynh@example.vn")

            let before = try await setup.cli.run([
                "report", "campaigns", "--since", "2026-11-01", "--until", "2026-12-01", "--json",
            ])
            let erase = try await setup.cli.run([
                "customer", "erase", "KH-7731", "--reason", "asked by email, ticket 4411",
            ])
            #expect(erase.status == 0, "\(erase)")
            #expect(
                erase.stdout.contains("1 ledger row, \(events.count) events, 1 survey answer kept anonymous"),
                "\(erase)")
            #expect(erase.stdout.hasSuffix("2 addresses suppressed by hash\n"), "\(erase)")
            let after = try await setup.cli.run([
                "report", "campaigns", "--since", "2026-11-01", "--until", "2026-12-01", "--json",
            ])
            #expect(
                before.stdout == after.stdout, "the campaign report's counts stay:\n\(before.stdout)\n\(after.stdout)")
            #expect(after.stdout.contains("\"sent\":2") || after.stdout.contains("\"sent\": 2"), "\(after.stdout)")

            // Gone from every byte of the store's files.
            let bytes = setup.storeFiles().values.reduce(Data(), +)
            for text in [
                "thomxyz.lequynh@example.vn", "+84912777331", "84912777331", "Thơmxyz", "Quỳnhxyz", "Bảoxyz", "KH-7731",
            ] {
                #expect(bytes.range(of: Data(text.utf8)) == nil, "\(text) is still in the store's files")
            }
            #expect(try await setup.cli.run(["customer", "show", "KH-7731"]).status == 65)
            let erasures = try Store(path: setup.storePath, access: .readOnly).erasures()
            #expect(erasures.map(\.reason) == ["asked by email, ticket 4411"])
            #expect(erasures.first?.by.hasPrefix("command line") == true)

            // Imported again from the old export: the welcome is not sent again, and the birthday
            // (new) is not sent either, until the customer consents again.
            let again = setup.directory.appendingPathComponent("old-export.csv")
            try Self.customers.write(to: again, atomically: true, encoding: .utf8)
            #expect(try await setup.cli.run(["import", "customers", again.path]).status == 0)
            #expect(try await setup.cli.run(["run", "--once", "--now", "2027-03-08T02:00:00Z"]).status == 0)
            let afterReimport = try smtp.messages()
            #expect(afterReimport.count == 2, "nothing to the re-imported customer: \(afterReimport.map(\.rcptTos))")
            let ledger = try await setup.cli.ledger().filter { $0.customerID == "KH-7731" }
            #expect(ledger.map(\.status) == ["suppressed"], "the birthday, stopped by the hashed address")

            let consent = setup.directory.appendingPathComponent("consent.csv")
            try
                "id,email,consent,birthday\nKH-7731,thomxyz.lequynh@example.vn,signed form at the counter 2027-03-20,1991-03-21\n"
                .write(to: consent, atomically: true, encoding: .utf8)
            #expect(try await setup.cli.run(["import", "customers", consent.path]).status == 0)
            #expect(try await setup.cli.run(["run", "--once", "--now", "2028-03-21T02:00:00Z"]).status == 0)
            let received = try smtp.messages()
            #expect(received.count == 3, "after consent, next year's birthday only")
            #expect(received.last?.rcptTos == ["thomxyz.lequynh@example.vn"])
        }
    }

    @Test func theAPIErasesWithTheClientRecordedAndRefusesWhatItCannotDo() async throws {
        try await withSMTPServer { smtp in
            let setup = try await deployment(smtp)
            defer { setup.cleanUp() }
            let running = try await setup.startWithAPI()
            let (daemon, base, api) = (running.daemon, running.base, running.headers)
            defer { if daemon.isRunning { daemon.send(SIGKILL) } }

            let anonymous = try await LoopbackHTTP.send(
                "DELETE", "\(base)/v1/customers/KH-7731", headers: [:], body: #"{"reason":"x"}"#)
            #expect(anonymous.status == 401)
            let noReason = try await LoopbackHTTP.send(
                "DELETE", "\(base)/v1/customers/KH-7731", headers: api, body: "{}")
            #expect(noReason.status == 400 && noReason.body.contains("reason"), "\(noReason.body)")
            let erased = try await LoopbackHTTP.send(
                "DELETE", "\(base)/v1/customers/KH-7731", headers: api, body: #"{"reason":"Zalo message 2026-12-02"}"#)
            #expect(erased.status == 200, "\(erased.body)")
            #expect(erased.body.contains(#""ledger_rows":1"#), "\(erased.body)")
            let twice = try await LoopbackHTTP.send(
                "DELETE", "\(base)/v1/customers/KH-7731", headers: api, body: #"{"reason":"again"}"#)
            #expect(twice.status == 404, "\(twice.body)")
            daemon.send(SIGTERM)
            #expect(try await daemon.waitForExit(within: .seconds(30)))

            let erasures = try Store(path: setup.storePath, access: .readOnly).erasures()
            #expect(erasures.map(\.by) == ["API client default"])
            #expect(try await setup.cli.run(["customer", "show", "KH-7731"]).status == 65)
            #expect(try await setup.cli.run(["customer", "show", "KH-7732"]).status == 0)
        }
    }
}
