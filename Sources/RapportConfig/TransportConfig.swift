public import RapportCore

/// A named way out, as declared under `transports:` in the daemon config.
public enum TransportConfig: Sendable, Equatable {
    /// Writes each message as an `.eml` file: for trying Rapport out and for archiving.
    case file(directory: String)
    case smtp(SMTPConfig)
    /// Posts each message as JSON to an HTTP API.
    case http(HTTPConfig)
    /// Zalo Notification Service: approved templates to customers' phones.
    case zns(ZNSConfig)
}

/// An SMTP relay. The password comes from a file, never from the config itself.
public struct SMTPConfig: Sendable, Equatable {
    public enum StartTLS: String, Sendable, CaseIterable {
        /// Refuse to send unless the server upgrades the connection: never falls back to plain text.
        case required
        /// Upgrade when offered.
        case opportunistic
        /// Plain text: only for a relay on loopback.
        case off
    }

    /// `smtp://host:port` or `smtps://host:port` (TLS from the first byte).
    public var url: String
    public var starttls: StartTLS
    public var username: String?
    public var password: Secret?
    public var verifyCertificates: Bool
    public var caFile: String?
    public var connectTimeout: TimeSpan
    /// Bound on one whole message exchange; RFC 5321's DATA timeouts add up to 10 minutes.
    public var timeout: TimeSpan
    /// The name sent with EHLO; many servers refuse libcurl's default.
    public var heloName: String?
    /// A kept connection idle longer than this is opened anew for the next message.
    public var maximumIdle = TimeSpan(seconds: 60)

    public init(
        url: String, starttls: StartTLS, username: String? = nil, password: Secret? = nil,
        verifyCertificates: Bool = true, caFile: String? = nil, connectTimeout: TimeSpan = TimeSpan(seconds: 30),
        timeout: TimeSpan = TimeSpan(seconds: 600), heloName: String? = nil
    ) {
        self.url = url
        self.starttls = starttls
        self.username = username
        self.password = password
        self.verifyCertificates = verifyCertificates
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.heloName = heloName
    }
}

extension TransportConfig {
    public var isZNS: Bool {
        if case .zns = self { return true }
        return false
    }

    /// Which of a customer's addresses this transport sends to.
    public var addressKind: AddressKind {
        switch self {
        case .file, .smtp: .email
        case .http(let http): http.address
        case .zns: .phone
        }
    }

    /// Whether the message's To decides where it goes. Not for an HTTP body template, which may
    /// address the customer from their own data (a phone number): a sample for a reviewer must
    /// not go through it.
    public var sendsToMessageRecipient: Bool {
        if case .http(let http) = self, case .template = http.shape { return false }
        return addressKind == .email
    }
}
