import ArgumentParser
import RapportConfig
import RapportCore

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the config, every campaign and every template.",
        discussion: """
            Reports every problem as file:line:column: field: message and exits 1 if there is any, so \
            it can guard a deploy or systemd's ExecStartPre=. Templates are checked for syntax and for \
            fields no customer has (a typo such as {{frist_name}}).

            Example:
              rapport --config /etc/rapport/rapport.yml check
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let config = try global.loadConfig()
        let set = CampaignSet.load(for: config)
        for error in set.errors { print(error.description) }
        guard set.errors.isEmpty else {
            print("\(set.errors.count) problem\(set.errors.count == 1 ? "" : "s") found")
            throw ExitCode.failure
        }
        print(
            "ok: \(config.file), \(set.campaigns.count) campaign\(set.campaigns.count == 1 ? "" : "s"): \(set.campaigns.map(\.id).joined(separator: ", "))"
        )
    }
}
