import Foundation
import Testing

/// What the command line answers when it is used wrongly or a section cannot hold what it is
/// asked, through the built binary (issue 16, in part).
@Suite struct CommandUsageEndToEndTests {
    @Test func bareRapportShowsTheHelpAndExits64() async throws {
        let setup = try Deployment(smtpURL: "smtp://127.0.0.1:9")
        defer { setup.cleanUp() }
        let bare = try await setup.cli.run([])
        #expect(bare.status == 64, "\(bare)")
        #expect(bare.stdout.isEmpty)
        #expect(bare.stderr.contains("SUBCOMMANDS:") && bare.stderr.contains("report"), "\(bare.stderr)")
    }

    @Test func aRefusedCommandLineShowsThatCommandsUsage() async throws {
        let setup = try Deployment(smtpURL: "smtp://127.0.0.1:9")
        defer { setup.cleanUp() }
        let report = try await setup.cli.run(["report", "campaigns", "--since", "2026-07-01", "--until", "2026-06-01"])
        #expect(report.status == 64, "\(report)")
        #expect(
            report.stderr.hasPrefix(
                "Error: --since (2026-07-01 00:00 +07:00) must be before --until (2026-06-01 00:00 +07:00)\nUsage: rapport report campaigns [--config <file>]"
            ), "\(report.stderr)")
        #expect(report.stderr.contains("See 'rapport report campaigns --help'"), "\(report.stderr)")
        let run = try await setup.cli.run(["run", "--json"])
        #expect(run.status == 64, "\(run)")
        #expect(run.stderr.contains("--json needs --once") && run.stderr.contains("Usage: rapport run"), "\(run)")
    }

    @Test func aMissingInputFileExits66() async throws {
        let setup = try Deployment(smtpURL: "smtp://127.0.0.1:9")
        defer { setup.cleanUp() }
        for command in [["import", "customers"], ["import", "events"], ["suppress", "import"]] {
            let missing = try await setup.cli.run(
                command + [setup.directory.appendingPathComponent("nowhere.csv").path])
            #expect(missing.status == 66, "\(command): \(missing)")
            #expect(missing.stderr.contains("nowhere.csv"), "\(missing)")
        }
    }

    /// `--now` says what it does where it is: nothing is evaluated by an import or by `log`.
    @Test(arguments: [
        (["log"], "The time an age in --since counts back from"),
        (["import", "customers"], "Record as made at this time"),
        (["import", "events"], "Record as made at this time"),
        (["suppress", "add"], "Record as made at this time"),
        (["run"], "Evaluate as if it were this time"),
    ])
    func nowSaysWhatItDoesThere(command: [String], help: String) async throws {
        let setup = try Deployment(smtpURL: "smtp://127.0.0.1:9")
        defer { setup.cleanUp() }
        let shown = try await setup.cli.run(command + ["--help"])
        #expect(shown.status == 0, "\(shown)")
        let text = shown.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(
            separator: " ")
        #expect(text.contains("--now <time>") && text.contains(help), "\(shown.stdout)")
    }

    @Test func theHelpListsTheExitStatuses() async throws {
        let setup = try Deployment(smtpURL: "smtp://127.0.0.1:9")
        defer { setup.cleanUp() }
        let help = try await setup.cli.run(["--help"])
        let text = help.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(
            separator: " ")
        #expect(
            text.contains("66 input file missing or unreadable") && text.contains("78 config or campaign file errors"),
            "\(help.stdout)")
    }

    @Test(arguments: ["retention", "value", "loyalty"])
    func aSectionOverEveryCustomerRefusesACampaignFilter(section: String) async throws {
        let setup = try Deployment(smtpURL: "smtp://127.0.0.1:9")
        defer { setup.cleanUp() }
        let report = try await setup.cli.run(["report", section, "--campaign", "welcome"])
        #expect(report.status == 64, "\(report)")
        #expect(report.stderr.contains("report \(section) covers every customer"), "\(report.stderr)")
    }

    @Test func cohortMonthsAfterThePeriodAreEmptyNotZero() async throws {
        let setup = try Deployment(smtpURL: "smtp://127.0.0.1:9")
        defer { setup.cleanUp() }
        let file = setup.directory.appendingPathComponent("c.csv")
        try """
        id,email,signed_up_at
        A,a@example.vn,2026-10-05T09:00:00+07:00
        B,b@example.vn,2026-11-05T09:00:00+07:00

        """.write(to: file, atomically: true, encoding: .utf8)
        #expect(
            try await setup.cli.run(["import", "customers", file.path, "--now", "2026-12-07T09:00:00+07:00"]).status
                == 0)
        let events = setup.directory.appendingPathComponent("e.jsonl")
        try #"{"customer": "A", "kind": "activity", "at": "2026-11-10T09:00:00+07:00", "id": "a1"}"#
            .appending("\n").write(to: events, atomically: true, encoding: .utf8)
        #expect(
            try await setup.cli.run(["import", "events", events.path, "--now", "2026-12-07T09:00:00+07:00"]).status == 0
        )
        let report = try await setup.cli.run([
            "report", "retention", "--since", "2026-10-01", "--until", "2026-12-01", "--csv",
            "--now", "2026-12-07T09:00:00+07:00",
        ])
        #expect(report.status == 0, "\(report)")
        let rows = report.stdout.split(separator: "\n").map(String.init)
        // October's cohort has had November (A was active then); November's has not had December.
        #expect(rows.contains("table,cohort,customers,m0,m1"), "\(report.stdout)")
        #expect(rows.contains("cohorts,2026-10,1,0.000,1.000"), "\(report.stdout)")
        #expect(rows.contains("cohorts,2026-11,1,0.000,"), "\(report.stdout)")
    }
}
