import ArgumentParser
import Foundation

extension Rapport {
    /// Parses and runs as swift-argument-parser's own `main` does, except that a command line a
    /// subcommand refuses once it runs (a `ValidationError` from `run`, such as `--since` after
    /// `--until`) shows that subcommand's usage, not the top-level one's, and exits 64 (EX_USAGE).
    static func main() async {
        let command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var command = command
                try command.run()
            }
        } catch let error as ValidationError {
            let path = (Self.path(to: type(of: command)) ?? []).joined(separator: " ")
            FileHandle.standardError.write(
                Data(
                    """
                    Error: \(error.message)
                    Usage: rapport \(path) \(type(of: command).usageString().split(separator: " ", maxSplits: 1).dropFirst().joined())
                      See 'rapport \(path) --help' for more information.

                    """.utf8))
            exit(withError: ExitCode.usage)
        } catch {
            exit(withError: error)
        }
    }

    /// The subcommand names that lead from `rapport` to `command`.
    private static func path(
        to command: any ParsableCommand.Type, under parent: any ParsableCommand.Type = Rapport.self
    )
        -> [String]?
    {
        for subcommand in parent.configuration.subcommands {
            let name = subcommand.configuration.commandName ?? "\(subcommand)"
            if ObjectIdentifier(subcommand) == ObjectIdentifier(command) { return [name] }
            if let rest = path(to: command, under: subcommand) { return [name] + rest }
        }
        return nil
    }
}
