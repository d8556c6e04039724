import Foundation
import Testing

/// `rapport check` as a deploy script runs it: located errors on stdout, exit status 78 (EX_CONFIG).
@Suite struct CheckCommandTests {
    @Test func yamlSyntaxErrorIsReportedWithFileAndLine() async throws {
        let setup = try Deployment(
            smtpURL: "smtp://127.0.0.1:1",
            campaignFiles: [
                "welcome.yml": "id: welcome\ntrigger:\n  kind: welcome\n  since: [2026-01-01\nmessage: {}\n"
            ])
        defer { setup.cleanUp() }
        let check = try await setup.cli.run(["check"])
        #expect(check.status == 78, "\(check)")
        let file = setup.directory.appendingPathComponent("campaigns/welcome.yml").path
        #expect(check.stdout.contains("\(file):5:"), "\(check)")
        #expect(check.stdout.contains("YAML syntax error"), "\(check)")
    }

    @Test func templateNamingAnUnknownFieldIsReportedWithFileLineAndColumn() async throws {
        let setup = try Deployment(
            smtpURL: "smtp://127.0.0.1:1",
            campaignFiles: [
                "welcome.yml": WelcomeEndToEndTests.campaign,
                "welcome.txt": "Chào {{first_name}},\nmã của bạn: {{voucher_code}}\n",
            ])
        defer { setup.cleanUp() }
        let check = try await setup.cli.run(["check"])
        #expect(check.status == 78, "\(check)")
        let file = setup.directory.appendingPathComponent("campaigns/welcome.txt").path
        #expect(check.stdout.contains("\(file):2:13: message.text: unknown field 'voucher_code'"), "\(check)")
    }

    @Test func goodCampaignsPass() async throws {
        let setup = try Deployment(smtpURL: "smtp://127.0.0.1:1")
        defer { setup.cleanUp() }
        let withoutLinks = try await setup.cli.run(["check"])
        #expect(withoutLinks.status == 78, "marketing mail needs its unsubscribe link: \(withoutLinks)")
        #expect(
            withoutLinks.stdout.contains("welcome.yml:1:1: category: marketing mail must carry an unsubscribe link"))
        try setup.addLinks()
        let check = try await setup.cli.run(["check"])
        #expect(check.status == 0, "\(check)")
        #expect(check.stdout.contains("1 campaign: welcome"), "\(check)")
    }

    @Test func missingConfigFileSaysWhichAndHow() async throws {
        let cli = RapportCLI(config: "/nonexistent/rapport.yml", workDirectory: FileManager.default.temporaryDirectory)
        let check = try await cli.run(["check"])
        #expect(check.status == 78)
        // Among the problems it reports, on standard output like every other.
        #expect(check.stdout.contains("/nonexistent/rapport.yml"), "\(check)")
        #expect(check.stdout.contains("--config"), "\(check)")
        let log = try await cli.run(["log"])
        #expect(log.status == 78, "\(log)")
        #expect(log.stderr.contains("error: /nonexistent/rapport.yml:1:1: cannot read the config file"), "\(log)")
    }

    @Test func htmlPartsThatSwitchEscapingOffFailTheCheckWithTheirPlace() async throws {
        let setup = try Deployment(
            smtpURL: "smtp://127.0.0.1:1",
            campaignFiles: [
                "welcome.yml": WelcomeEndToEndTests.campaign.replacingOccurrences(
                    of: #"html: "<p>Chào {{first_name}} ({{attributes.plan}})</p>""#, with: "html: welcome.html"),
                "welcome.txt": "Chào {{first_name}}\n",
                "welcome.html": "<p>Chào\n  <b>{{{first_name}}}</b></p>\n",
                "winback.yml": """
                id: winback
                trigger: { kind: inactivity, after: [30d] }
                message:
                  subject: "Lâu rồi không gặp"
                  text: "Chào {{first_name}}"
                  html: "<p>{{& first_name}}</p>"
                """,
            ])
        defer { setup.cleanUp() }
        let check = try await setup.cli.run(["check"])
        #expect(check.status == 78, "\(check)")
        let html = setup.directory.appendingPathComponent("campaigns/welcome.html").path
        let winback = setup.directory.appendingPathComponent("campaigns/winback.yml").path
        #expect(
            check.stdout == """
                \(html):2:6: message.html: {{{first_name}}} would put the value into the HTML unescaped; write {{first_name}}: every value in an HTML part is escaped
                \(winback):6:13: message.html: {{& first_name}} would put the value into the HTML unescaped; write {{first_name}}: every value in an HTML part is escaped
                2 problems found

                """, "\(check)")
    }

    /// None of the repository's HTML parts uses an unescaped form.
    @Test func theShippedCampaignsStillPassTheCheck() async throws {
        let setup = try Deployment(
            smtpURL: "smtp://127.0.0.1:1", campaignFiles: try TwoMonthsEndToEndTests.shippedCampaigns())
        defer { setup.cleanUp() }
        let keys = setup.directory.appendingPathComponent("keys")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        let key = keys.appendingPathComponent("link-signing-key")
        try Data((0..<32).map { UInt8($0 * 7 + 3) }).write(to: key)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key.path)
        try setup.appendToConfig(
            #"links: { base_url: "https://hoamai.example/rapport", signing_key_file: keys/link-signing-key }"#)
        let check = try await setup.cli.run(["check"])
        #expect(check.status == 0, "\(check)")
        #expect(check.stdout.hasPrefix("ok: \(setup.cli.config), 8 campaigns: "), "\(check)")
        #expect(!check.stdout.contains("warning:"), "\(check)")
    }
}
