import ArgumentParser
import Foundation
import RapportConfig

/// Options every command takes; `--config` may come before or after the command name.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The daemon config file.", discussion: "Defaults to $RAPPORT_CONFIG, else /etc/rapport/rapport.yml.",
            valueName: "file"))
    var config: String?

    var configPath: String {
        config ?? ProcessInfo.processInfo.environment["RAPPORT_CONFIG"] ?? "/etc/rapport/rapport.yml"
    }

    /// Loads the config or ends the command with the located error.
    func loadConfig() throws -> DaemonConfig {
        do {
            return try DaemonConfig.load(from: configPath)
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
}

/// Something the operator should know that is not an error, on stderr so `--json` stays clean.
func printNote(_ message: String) {
    FileHandle.standardError.write(Data("note: \(message)\n".utf8))
}
