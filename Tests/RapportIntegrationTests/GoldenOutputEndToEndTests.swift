import Foundation
import RapportTestSupport
import Testing

/// What an operator reads, whole: `check`, `preview`, `run --once`, `log` and `report` in table
/// and JSON form, compared with the files under `Fixtures/golden` (issue 16). The business is in
/// Hồ Chí Minh City (+07:00) and the process runs with `TZ=America/New_York`, so a time printed
/// in the process's zone or in UTC shows up as a difference; customers in Tokyo and Tashkent
/// show a customer's own local moment keeping its offset.
@Suite struct GoldenOutputEndToEndTests {
    static let campaigns = [
        "welcome.yml": """
        id: welcome
        category: transactional
        trigger: { kind: welcome, delay: 1h, since: 2026-01-01 }
        message:
          subject: "Chào mừng {{first_name}}!"
          text: "Chào {{first_name}}, cảm ơn bạn đã đăng ký."
          locales:
            en: { subject: "Welcome, {{first_name}}!", text: "Hi {{first_name}}, welcome aboard." }
        """,
        "birthday.yml": """
        id: birthday
        category: transactional
        trigger: { kind: birthday, at: "07:00" }
        send_window: { from: "08:00", to: "20:00" }
        message:
          subject: "Chúc mừng sinh nhật {{first_name}}!"
          text: "Chúc {{first_name}} một ngày sinh nhật thật vui."
          locales:
            en: { subject: "Happy birthday, {{first_name}}!", text: "Have a lovely day, {{first_name}}." }
        """,
    ]

    /// Nhung and Lan live in the business's zone; Kenji in Tokyo (+09:00), Aziz in Tashkent (+05:00).
    static let customers = """
        id,email,first_name,last_name,locale,time_zone,birthday,signed_up_at
        C001,nhung@example.vn,Hồng Nhung,Nguyễn Thị,vi,,1990-06-14,2026-06-14T08:00:00+07:00
        C002,kenji@example.jp,Kenji,Sato,en,Asia/Tokyo,1985-06-14,
        C003,lan@example.vn,Lan,Phạm,vi,,1992-06-20,2026-06-14T09:30:00+07:00
        C004,aziz@example.uz,Aziz,Karimov,en,Asia/Tashkent,1988-06-14,

        """

    /// The deployment's folder, the SMTP server's queue ids and an erasure's salted pseudonym vary
    /// from run to run; nothing else may.
    static func normalised(_ text: String, _ setup: Deployment) -> String {
        text.replacingOccurrences(of: setup.directory.path, with: "$DEPLOYMENT")
            .replacing(/queued as M\d+/, with: "queued as M####")
            .replacing(/erased-[0-9a-f]+/, with: "erased-…")
    }

    @Test func whatTheOperatorReadsIsInTheBusinesssZoneAndOneJSONConvention() async throws {
        try await withSMTPServer { smtp in
            let setup = try Deployment(smtpURL: smtp.url, campaignFiles: Self.campaigns)
            defer { setup.cleanUp() }
            var cli = setup.cli
            cli.environment = ["TZ": "America/New_York"]
            func golden(_ arguments: [String], _ name: String, status: Int32 = 0) async throws {
                let outcome = try await cli.run(arguments)
                #expect(outcome.status == status, "\(arguments): \(outcome)")
                try GoldenFile.check(Self.normalised(outcome.stdout, setup), named: name)
            }
            let file = setup.directory.appendingPathComponent("golden-customers.csv")
            try Self.customers.write(to: file, atomically: true, encoding: .utf8)
            try await golden(
                ["import", "customers", file.path, "--now", "2026-06-14T05:00:00+07:00", "--json"], "import.json")

            try await golden(["check"], "check.txt")
            try await golden(["check", "--json"], "check.json")

            // 05:30 in Hồ Chí Minh City is 07:30 in Tokyo: Kenji's birthday is open, his window is not.
            let night = "2026-06-14T05:30:00+07:00"
            try await golden(["preview", "--now", night], "preview.txt")
            try await golden(["preview", "--now", night, "--json"], "preview.jsonl")
            try await golden(["run", "--once", "--now", night, "--json"], "run-night.json")

            // 09:05 is 07:05 in Tashkent: Aziz's birthday waits for his window, in his zone.
            let morning = "2026-06-14T09:05:00+07:00"
            try await golden(["run", "--once", "--now", morning], "run-morning.txt")
            #expect(try smtp.messages().count == 3, "Nhung's welcome and birthday, Kenji's birthday")

            try await golden(["log"], "log.txt")
            try await golden(["log", "--json"], "log.jsonl")
            try await golden(["log", "--utc"], "log-utc.txt")

            let window = ["preview", "--from", "2026-06-14T10:00:00+07:00", "--to", "2026-06-15", "--now", morning]
            try await golden(window, "preview-window.txt")
            try await golden(window + ["--json"], "preview-window.jsonl")

            let period = ["--since", "2026-06-01", "--until", "2026-07-01", "--now", "2026-06-14T12:00:00+07:00"]
            try await golden(["report", "campaigns"] + period, "report-campaigns.txt")
            try await golden(["report", "campaigns"] + period + ["--json"], "report-campaigns.jsonl")
            try await golden(["report", "nps"] + period + ["--json"], "report-nps.jsonl")

            let later = "2026-06-14T10:00:00+07:00"
            try await golden(
                ["suppress", "add", "lan@example.vn", "--reason", "hỏi qua điện thoại", "--now", later, "--json"],
                "suppress-add.json")
            try await golden(["suppress", "list"], "suppress-list.txt")
            try await golden(["suppress", "list", "--json"], "suppress-list.jsonl")
            try await golden(["suppress", "remove", "lan@example.vn", "--json"], "suppress-remove.json")
            try await golden(["customer", "show", "C002"], "customer-show.txt")
            try await golden(
                ["customer", "erase", "C003", "--reason", "asked by email", "--now", later, "--json"],
                "customer-erase.json")
        }
    }

    /// A config with a mistake and a campaign file with four: all five in one run, each at its
    /// own line and column, in text and JSON, exit 78 (EX_CONFIG) — and nothing written.
    @Test func checkReportsEveryErrorOfEveryFileAtOnce() async throws {
        let setup = try Deployment(
            smtpURL: "smtp://127.0.0.1:9",
            campaignFiles: [
                "winback.yml": """
                id: winback
                category: promo
                transport: zalo
                trigger: { kind: inactivity, after: [30d] }
                priority: high
                holdout: 150%
                message:
                  subject: "Lâu rồi không gặp"
                  text: "Chào {{first_name}}"
                """
            ], tick: "0s")
        defer { setup.cleanUp() }
        try setup.addLinks()
        var cli = setup.cli
        cli.environment = ["TZ": "America/New_York"]
        let before = try FileManager.default.subpathsOfDirectory(atPath: setup.directory.path).sorted()
        for (arguments, name) in [(["check"], "check-errors.txt"), (["check", "--json"], "check-errors.json")] {
            let check = try await cli.run(arguments)
            #expect(check.status == 78, "\(check)")
            try GoldenFile.check(Self.normalised(check.stdout, setup), named: name)
        }
        let log = try await cli.run(["log"])
        #expect(log.status == 78, "\(log)")
        #expect(log.stderr.contains("rapport.yml:2:7: tick: a tick under one second"), "\(log)")
        let after = try FileManager.default.subpathsOfDirectory(atPath: setup.directory.path).sorted()
        #expect(after == before, "check and log create no file: not the signing key, not the store")
    }
}
