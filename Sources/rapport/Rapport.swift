import ArgumentParser

@main
struct Rapport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rapport",
        abstract: "Customer-retention messaging: welcome, birthday, renewal, win-back and NPS campaigns.",
        discussion: """
            Rapport reads customers from its store, evaluates the campaigns in the campaigns folder on a \
            schedule, renders each message and sends it once, recording every send in a ledger.

            The config file is --config, else $RAPPORT_CONFIG, else /etc/rapport/rapport.yml. A session:
              export RAPPORT_CONFIG=config/rapport.yml
              rapport check
              rapport import customers config/sample-customers.csv
              rapport preview
              rapport preview --from 2026-12-01 --to 2026-12-31
              rapport run --once
              rapport log --status failed
              rapport suppress list
              rapport backup /var/backups/rapport.sqlite

            Times are printed in the config's time_zone with their offset (2026-06-14 09:00 +07:00); \
            --utc prints them in UTC. --json prints snake_case keys, one object per line for rows.

            \(ExitCode.sysexitsSummary)
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, CheckCommand.self, PreviewCommand.self, LogCommand.self, ImportCommand.self,
            SuppressCommand.self, SendTestCommand.self, ReportCommand.self, BackupCommand.self, CopyStoreCommand.self, MigrateCommand.self, ZNSCommand.self,
            CustomerCommand.self,
        ]
    )

    @OptionGroup var global: GlobalOptions

    /// `rapport` alone is a usage mistake, not a success: the help, on standard error, and 64
    /// (EX_USAGE), so a script that forgot its command does not carry on.
    func run() async throws {
        printError(Self.helpMessage())
        throw ExitCode.usage
    }
}
