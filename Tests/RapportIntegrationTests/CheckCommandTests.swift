import Foundation
import Testing

/// `rapport check` as a deploy script runs it: located errors on stdout, exit status 1.
@Suite struct CheckCommandTests {
    @Test func yamlSyntaxErrorIsReportedWithFileAndLine() async throws {
        let setup = try Deployment(
            smtpURL: "smtp://127.0.0.1:1",
            campaignFiles: [
                "welcome.yml": "id: welcome\ntrigger:\n  kind: welcome\n  since: [2026-01-01\nmessage: {}\n"
            ])
        defer { setup.cleanUp() }
        let check = try await setup.cli.run(["check"])
        #expect(check.status == 1, "\(check)")
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
        #expect(check.status == 1, "\(check)")
        let file = setup.directory.appendingPathComponent("campaigns/welcome.txt").path
        #expect(check.stdout.contains("\(file):2:13: message.text: unknown field 'voucher_code'"), "\(check)")
    }

    @Test func goodCampaignsPass() async throws {
        let setup = try Deployment(smtpURL: "smtp://127.0.0.1:1")
        defer { setup.cleanUp() }
        let withoutLinks = try await setup.cli.run(["check"])
        #expect(withoutLinks.status == 1, "marketing mail needs its unsubscribe link: \(withoutLinks)")
        #expect(withoutLinks.stdout.contains("welcome.yml:1:1: category: marketing mail must carry an unsubscribe link"))
        try setup.addLinks()
        let check = try await setup.cli.run(["check"])
        #expect(check.status == 0, "\(check)")
        #expect(check.stdout.contains("1 campaign: welcome"), "\(check)")
    }

    @Test func missingConfigFileSaysWhichAndHow() async throws {
        let cli = RapportCLI(config: "/nonexistent/rapport.yml", workDirectory: FileManager.default.temporaryDirectory)
        let check = try await cli.run(["check"])
        #expect(check.status == 1)
        #expect(check.stderr.contains("/nonexistent/rapport.yml"), "\(check)")
        #expect(check.stderr.contains("--config"), "\(check)")
    }
}
