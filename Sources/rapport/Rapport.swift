import ArgumentParser

@main
struct Rapport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rapport",
        abstract: "Customer-retention messaging: welcome, birthday, renewal, win-back and NPS campaigns.",
        discussion: """
            Rapport reads customers from its store, evaluates the campaigns in the campaigns folder on a \
            schedule, renders each message and sends it once, recording every send in a ledger.

            Typical session:
              rapport --config config/rapport.yml check
              rapport --config config/rapport.yml import customers config/sample-customers.csv
              rapport --config config/rapport.yml preview
              rapport --config config/rapport.yml run --once
              rapport --config config/rapport.yml log --status failed

            The config file defaults to $RAPPORT_CONFIG, else /etc/rapport/rapport.yml.
            """,
        version: "0.1.0",
        subcommands: [RunCommand.self, CheckCommand.self, PreviewCommand.self, LogCommand.self, ImportCommand.self]
    )

    @OptionGroup var global: GlobalOptions
}
