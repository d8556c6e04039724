import Foundation
import Testing

/// `rapport check --data` against a real store: data problems are reported as warnings, with
/// counts and sample ids, and leave the exit status alone.
@Suite struct CheckDataCommandTests {
    static let customers = """
        id,email,first_name,time_zone,birthday
        C001,nhung@example.vn,Hồng Nhung,Asia/Ho_Chi_Minh,1994-03-08
        C002,minh@example.vn,Minh,Asia/Ho_Chi_Minh,0000-05-17
        C003,lan@example.vn,Lan,,1900-01-01
        C004,bao@example.vn,Bảo,,1970-01-01
        C005,hoa@example.vn,Hoa,,
        C006,an@example.vn,An,,0000-02-29

        """

    func deployment() async throws -> Deployment {
        let setup = try Deployment(
            smtpURL: "smtp://127.0.0.1:1", campaignFiles: ["birthday.yml": BirthdayEndToEndTests.campaign])
        try setup.addLinks()
        let file = setup.directory.appendingPathComponent("data.csv")
        try Self.customers.write(to: file, atomically: true, encoding: .utf8)
        let imported = try await setup.cli.run(["import", "customers", file.path])
        #expect(imported.status == 0, "year-0000 birthdays import, nothing is skipped: \(imported)")
        #expect(imported.stdout.contains("6 customers imported (6 new, 0 updated), 0 rows skipped"), "\(imported)")
        return setup
    }

    @Test func placeholderBirthdaysAreCountedWithSampleIdsAndExitZero() async throws {
        let setup = try await deployment()
        defer { setup.cleanUp() }
        let check = try await setup.cli.run(["check", "--data"])
        #expect(check.status == 0, "\(check)")
        #expect(check.stdout.contains("ok: \(setup.cli.config), 1 campaign: birthday"), "\(check)")
        #expect(check.stdout.contains("data: 6 customers in "), "\(check)")
        let rows = check.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(
            rows.contains(["placeholder", "birthday", "2", "birthday", "birthday", "campaigns", "ignore", "it"]),
            "\(check)")
        #expect(rows.contains(["no", "birthday", "1", "birthday", "passed", "by"]), "\(check)")
        #expect(
            check.stdout.contains(
                "placeholder birthday: C003 (1900-01-01), C004 (1970-01-01)\n"),
            "\(check)")
        #expect(check.stdout.contains("no birthday: C005\n"), "\(check)")
        #expect(check.stdout.contains("2 data warnings"), "\(check)")

        // Without --data the output is what it always was.
        let plain = try await setup.cli.run(["check"])
        #expect(plain.status == 0, "\(plain)")
        #expect(plain.stdout == "ok: \(setup.cli.config), 1 campaign: birthday\n", "\(plain)")
    }

    @Test func jsonCarriesTheSameFindings() async throws {
        let setup = try await deployment()
        defer { setup.cleanUp() }
        let check = try await setup.cli.run(["check", "--data", "--json"])
        #expect(check.status == 0, "\(check)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any], "\(check)")
        let data = try #require(object["data"] as? [String: Any])
        #expect(data["customers"] as? Int == 6)
        let findings = try #require(data["findings"] as? [[String: Any]])
        let placeholder = try #require(findings.first { $0["problem"] as? String == "placeholder_birthday" })
        #expect(placeholder["customers"] as? Int == 2)
        let samples = (placeholder["samples"] as? [[String: Any]])?.compactMap { $0["customer"] as? String }
        #expect(samples == ["C003", "C004"], "year-unknown birthdays (0000) are wished, not placeholders")
    }

    /// Broken campaigns still fail the check; the data report comes with it.
    @Test func campaignErrorsStillExit78() async throws {
        let setup = try await deployment()
        defer { setup.cleanUp() }
        try "id: broken\ntrigger: { kind: birthday }\n".write(
            to: setup.directory.appendingPathComponent("campaigns/broken.yml"), atomically: true, encoding: .utf8)
        let check = try await setup.cli.run(["check", "--data"])
        #expect(check.status == 78, "\(check)")
        #expect(check.stdout.contains("1 problem found"), "\(check)")
        #expect(check.stdout.contains("placeholder birthday: C003 (1900-01-01)"), "\(check)")
    }
}
