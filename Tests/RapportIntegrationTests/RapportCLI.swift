import Foundation
import RapportTestSupport

/// Runs the built `rapport` executable as a subprocess, as an operator or a script would.
struct RapportCLI {
    struct Outcome: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String

        var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
    }

    /// The binary SwiftPM built beside this test bundle.
    static func executable() throws -> URL {
        let folders = [
            Bundle.main.executableURL?.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ].compactMap { $0 }
        let candidates = folders.map { $0.appendingPathComponent("rapport") }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw CLIError(description: "the rapport binary is not in any of \(candidates.map(\.path))")
        }
        return found
    }

    struct CLIError: Error, CustomStringConvertible {
        var description: String
    }

    let config: String
    let workDirectory: URL
    /// Variables set for the binary on top of the test's own environment (`TZ`, to show the
    /// process's zone does not leak into what it prints).
    var environment: [String: String] = [:]

    /// Starts `rapport --config <config> <arguments>` and returns at once, for the daemon.
    func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = try Self.executable()
        process.arguments = ["--config", config] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `rapport --config <config> <arguments>`, with `input` on its standard input; output
    /// goes through files so a chatty child never blocks on a full pipe.
    func run(_ arguments: [String], input: String? = nil) async throws -> Outcome {
        let outputURL = workDirectory.appendingPathComponent("stdout-\(UUID().uuidString)")
        let errorURL = workDirectory.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outputURL)
            try? FileManager.default.removeItem(at: errorURL)
        }
        let process = Process()
        process.executableURL = try Self.executable()
        process.arguments = ["--config", config] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        let inputURL = workDirectory.appendingPathComponent("stdin-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: inputURL) }
        if let input {
            try input.write(to: inputURL, atomically: true, encoding: .utf8)
            process.standardInput = try FileHandle(forReadingFrom: inputURL)
        }
        let status = try await process.runUntilExit()
        return Outcome(
            status: status,
            stdout: try String(contentsOf: outputURL, encoding: .utf8),
            stderr: try String(contentsOf: errorURL, encoding: .utf8))
    }
}
