/// Why a transport did not hand a message over.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case temporary, permanent, configuration
        }

        private let value: Value

        /// Try again later: 4xx replies, refused or dropped connections, timeouts.
        public static let temporary = Code(value: .temporary)
        /// The server refused this message for good: 5xx replies.
        public static let permanent = Code(value: .permanent)
        /// Rapport's own setup is wrong (bad URL, TLS required but unavailable, unreadable directory).
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

    public init(_ code: Code, reply: String) {
        self.code = code
        self.reply = reply
    }

    public var description: String { "\(code) failure: \(reply)" }
}
