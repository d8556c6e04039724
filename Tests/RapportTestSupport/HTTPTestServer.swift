public import Foundation

/// A real HTTP server, `Fixtures/http_server.py` on Python's standard library, on a free loopback
/// port. It answers requests with a scripted list of responses and records each request (headers
/// and exact body) in its own temporary directory, so tests check what actually crossed the wire.
public final class HTTPTestServer: Sendable {
    /// One scripted answer.
    public struct Response: Encodable, Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: String

        public init(status: Int, headers: [String: String] = [:], body: String = "") {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    /// One request as the server received it.
    public struct ReceivedRequest: Decodable, Sendable {
        public let method: String
        public let path: String
        /// Name and value, in the order sent.
        public let headers: [[String]]
        public let peerPort: Int
        /// The exact body bytes.
        public let body: Data

        enum CodingKeys: String, CodingKey {
            case method, path, headers, body
            case peerPort = "peer_port"
        }

        /// Every value sent under `name`, compared case-insensitively as HTTP does.
        public func values(of name: String) -> [String] {
            headers.filter { $0.first?.lowercased() == name.lowercased() }.compactMap { $0.last }
        }

        /// The one value of `name`, or nil when it was not sent.
        public func header(_ name: String) -> String? {
            values(of: name).first
        }
    }

    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    static let python = "/usr/bin/python3"
    static let script = URL(filePath: #filePath).deletingLastPathComponent()
        .appending(path: "Fixtures/http_server.py")

    public let port: Int
    private let directory: URL
    private let process = Process()
    /// The server exits when this closes, even if the test process dies without calling `stop()`.
    private let input = Pipe()

    /// Answers the Nth request with `responses[N]`, repeating the last one after the end.
    public init(responses: [Response]) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            throw StartError(description: "\(Self.python) is missing; run apt-get install -y python3")
        }
        precondition(!responses.isEmpty, "script at least one response")
        directory = FileManager.default.temporaryDirectory.appending(path: "rapport-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try JSONEncoder().encode(responses).write(to: directory.appending(path: "responses.json"))
        let output = Pipe()
        let errorLog = directory.appending(path: "server.stderr")
        try Data().write(to: errorLog)
        let errors = try FileHandle(forWritingTo: errorLog)
        defer { try? errors.close() }
        process.executableURL = URL(filePath: Self.python)
        process.arguments = [Self.script.path, directory.path]
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
            throw StartError(
                description:
                    "the test HTTP server did not start: \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        self.port = port
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    public func url(_ path: String = "/") -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Received requests, in order of arrival.
    public func requests() throws -> [ReceivedRequest] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("request-") && $0.hasSuffix(".json") }
            .sorted()
        return try names.map { name in
            try JSONDecoder().decode(ReceivedRequest.self, from: Data(contentsOf: directory.appending(path: name)))
        }
    }

    public func stop() {
        try? input.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Runs `body` with a fresh server answering `responses`, and stops it whatever happens.
public func withHTTPServer(
    responding responses: [HTTPTestServer.Response], _ body: (HTTPTestServer) async throws -> Void
) async throws {
    let server = try HTTPTestServer(responses: responses)
    defer { server.stop() }
    try await body(server)
}
