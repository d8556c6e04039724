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

    private let server: FixtureServerProcess

    public var port: Int { server.port }

    /// Answers the Nth request with `responses[N]`, repeating the last one after the end.
    public init(responses: [Response]) throws {
        precondition(!responses.isEmpty, "script at least one response")
        server = try FixtureServerProcess(
            name: "http",
            prepare: { directory in
                try JSONEncoder().encode(responses).write(to: directory.appending(path: "responses.json"))
            },
            startFailure: { "the test HTTP server did not start: \($0)" }
        )
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    public func url(_ path: String = "/") -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Received requests, in order of arrival.
    public func requests() throws -> [ReceivedRequest] {
        try server.records(ReceivedRequest.self, prefix: "request-")
    }

    public func stop() {
        server.stop()
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
