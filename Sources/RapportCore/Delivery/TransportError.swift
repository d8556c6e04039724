/// Why a transport did not hand a message over.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case temporary, permanent, configuration
        }

        private let value: Value

        /// Try again later: SMTP 4xx replies, HTTP 429 and 5xx, refused or dropped connections,
        /// timeouts.
        public static let temporary = Code(value: .temporary)
        /// The server refused this message for good: SMTP 5xx replies, HTTP 4xx other than 429.
        public static let permanent = Code(value: .permanent)
        /// Rapport's own setup is wrong (bad URL, TLS required but unavailable, unreadable directory,
        /// credentials refused).
        public static let configuration = Code(value: .configuration)

        public var description: String {
            switch value {
            case .temporary: "temporary"
            case .permanent: "permanent"
            case .configuration: "configuration"
            }
        }
    }

    public var code: Code
    /// What the server or the system said, kept verbatim in the ledger.
    public var reply: String
    /// When the server asked to be tried again (HTTP `Retry-After`); nil when it gave no advice.
    public var retryAfter: RetryAfter?
    /// The provider said this recipient can never be reached this way (a number not on Zalo), as
    /// opposed to refusing this one request.
    public var refusesRecipient = false

    public init(_ code: Code, reply: String, retryAfter: RetryAfter? = nil) {
        self.code = code
        self.reply = reply
        self.retryAfter = retryAfter
    }

    public var description: String {
        guard let retryAfter else { return "\(code) failure: \(reply)" }
        return "\(code) failure: \(reply) (retry after \(retryAfter))"
    }
}
