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

    /// Loads the config, or ends the command with every error located and status 78 (EX_CONFIG).
    /// Only the daemon (`createsMissingSecrets`) writes the key files the config names; every
    /// other command leaves the disk as it found it.
    func loadConfig(createsMissingSecrets: Bool = false) throws -> DaemonConfig {
        let reading = DaemonConfig.read(from: configPath, createsMissingSecrets: createsMissingSecrets)
        guard let config = reading.config else {
            for error in reading.errors { printError(error.description) }
            throw ExitCode.configError
        }
        return config
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
}

/// Something the operator should know that is not an error, on stderr so `--json` stays clean.
func printNote(_ message: String) {
    FileHandle.standardError.write(Data("note: \(message)\n".utf8))
}
