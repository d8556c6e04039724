public import Foundation

/// A local stand-in for Zalo's Notification Service and OAuth endpoint (`Fixtures/zalo_server.py`)
/// on a free loopback port: refresh tokens that work once, access tokens refused unless current,
/// and per-phone scripted answers. Every renewal and message it got is readable afterwards.
public final class ZaloTestServer: Sendable {
    public struct Settings: Encodable, Sendable {
        public var appID: String
        public var secretKey: String
        public var refreshToken: String
        /// Seconds the OAuth endpoint waits before answering, so concurrent renewals overlap.
        public var renewalDelay: Double
        /// Seconds before each message is answered.
        public var messageDelay: Double = 0
        /// Per phone (`84…`), the codes to answer in turn; `0` (accepted) after the script runs out.
        public var phones: [String: [String]]

        public init(
            appID: String = "1234567890", secretKey: String = "test-secret-key", refreshToken: String = "R0-first",
            renewalDelay: Double = 0.3, phones: [String: [String]] = [:]
        ) {
            self.appID = appID
            self.secretKey = secretKey
            self.refreshToken = refreshToken
            self.renewalDelay = renewalDelay
            self.phones = phones
        }

        enum CodingKeys: String, CodingKey {
            case appID = "app_id"
            case secretKey = "secret_key"
            case refreshToken = "refresh_token"
            case renewalDelay = "renewal_delay"
            case messageDelay = "message_delay"
            case phones
        }
    }

    /// One token renewal asked of the OAuth endpoint.
    public struct Renewal: Decodable, Sendable {
        public let refreshToken: String
        public let accepted: Bool

        enum CodingKeys: String, CodingKey {
            case refreshToken = "refresh_token"
            case accepted
        }
    }

    /// One message posted, with the code answered (0: accepted).
    public struct Message: Decodable, Sendable {
        public struct Request: Decodable, Sendable {
            public let phone: String
            public let templateID: String
            public let templateData: [String: String]
            public let trackingID: String

            enum CodingKeys: String, CodingKey {
                case phone
                case templateID = "template_id"
                case templateData = "template_data"
                case trackingID = "tracking_id"
            }
        }

        public let request: Request
        public let accessToken: String?
        public let error: Int

        enum CodingKeys: String, CodingKey {
            case request
            case accessToken = "access_token"
            case error
        }
    }

    public let settings: Settings
    private let server: FixtureServerProcess

    public init(_ settings: Settings = Settings()) throws {
        self.settings = settings
        server = try FixtureServerProcess(
            name: "zalo",
            prepare: { directory in
                try JSONEncoder().encode(settings).write(to: directory.appending(path: "zalo.json"))
            },
            startFailure: { "the test Zalo server did not start: \($0)" })
    }

    /// Where ZNS messages go, for `url:`.
    public var messageURL: String { "http://127.0.0.1:\(server.port)/message/template" }
    /// Where tokens are renewed, for `oauth_url:`.
    public var oauthURL: String { "http://127.0.0.1:\(server.port)/v4/oa/access_token" }

    public func renewals() throws -> [Renewal] { try server.records(Renewal.self, prefix: "renewal-") }

    public func messages() throws -> [Message] { try server.records(Message.self, prefix: "message-") }

    /// Messages Zalo took, each once per tracking id or more.
    public func accepted() throws -> [Message] { try messages().filter { $0.error == 0 } }

    public func stop() {
        server.stop()
    }
}
