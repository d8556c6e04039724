import Foundation

/// One run of a Python fixture server, `Fixtures/<name>_server.py`, for one test.
///
/// The script gets a fresh temporary directory as its first argument (for what it reads and what
/// it records), prints the loopback port it listens on as its first line, and exits when its
/// standard input closes, so a test process that dies without calling `stop()` leaves no server
/// behind.
final class FixtureServerProcess: Sendable {
    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    static let python = "/usr/bin/python3"

    let port: Int
    /// The server's own directory; `stop()` removes it.
    let directory: URL
    private let process = Process()
    private let input = Pipe()

    /// Starts the server and waits until it reports its port.
    ///
    /// - Parameters:
    ///   - name: `http` runs `Fixtures/http_server.py` in a directory `rapport-http-<UUID>`.
    ///   - arguments: passed after the directory.
    ///   - packages: what the script needs besides python3, as apt-get names, for the error when
    ///     python3 is missing.
    ///   - prepare: writes the files the script reads into the directory before it starts.
    ///   - startFailure: the error message when no port comes, given what the server wrote to
    ///     standard error.
    init(
        name: String,
        arguments: [String] = [],
        packages: [String] = [],
        prepare: (URL) throws -> Void = { _ in },
        startFailure: (String) -> String
    ) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            let install = (["python3"] + packages).joined(separator: " ")
            throw StartError(description: "\(Self.python) is missing; run apt-get install -y \(install)")
        }
        let script = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures/\(name)_server.py")
        directory = FileManager.default.temporaryDirectory.appending(path: "rapport-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try prepare(directory)
        let output = Pipe()
        // A file, not a pipe: a pipe nobody drains would stall the server once it logs enough.
        let errorLog = directory.appending(path: "server.stderr")
        try Data().write(to: errorLog)
        let errors = try FileHandle(forWritingTo: errorLog)
        defer { try? errors.close() }
        process.executableURL = URL(filePath: Self.python)
        process.arguments = [script.path, directory.path] + arguments
        // The scripts share fixture_server.py; its bytecode must not land in the source tree.
        process.environment = ProcessInfo.processInfo.environment.merging(["PYTHONDONTWRITEBYTECODE": "1"]) { $1 }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()

        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            process.waitUntilExit()
            let message = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: directory)
            throw StartError(description: startFailure(message.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        self.port = port
    }

    /// Decodes each `<prefix>NNNN.json` record the server wrote, in the order of their numbers.
    func records<Record: Decodable>(_ type: Record.Type, prefix: String) throws -> [Record] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }
            .sorted()
        return try names.map { name in
            try JSONDecoder().decode(Record.self, from: Data(contentsOf: directory.appending(path: name)))
        }
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}
