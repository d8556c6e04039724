extension SMTPTransport {
    /// Where the submission server is and how to talk to it.
    public struct Settings: Sendable {
        /// Whether to upgrade a plain `smtp://` connection with STARTTLS. `smtps://` is TLS from the
        /// first byte and ignores this.
        public enum StartTLS: Sendable, Hashable {
            /// Plain text; only for a relay on the same host or a trusted network.
            case off
            /// TLS when the server offers it, plain text otherwise; an attacker can strip the offer.
            case opportunistic
            /// TLS or nothing: a server that does not offer STARTTLS is a configuration error, so
            /// credentials and customer data never go out in plain text.
            case required
        }

        /// `smtp://host:port` or `smtps://host:port`, without user name, password or path.
        public var url: String
        public var starttls: StartTLS
        public var username: String?
        /// Never logged and never part of an error message.
        public var password: String?
        /// Turn off only for a test server with a self-signed certificate; prefer `caFile`.
        public var verifyCertificates: Bool
        /// PEM bundle to verify the server against instead of the system's trust store.
        public var caFile: String?
        /// Limit for TCP and TLS set-up. RFC 5321's five minutes are for commands, not for
        /// connecting; a server that does not answer in 30 seconds is down.
        public var connectTimeout: Duration
        /// Limit for one whole message, connecting included. RFC 5321's minimum server timeouts for
        /// MAIL, RCPT, DATA and the final dot add up to about ten minutes.
        public var timeout: Duration
        /// The name sent with EHLO. Many servers reject libcurl's default, `localhost`; use this
        /// host's public name.
        public var heloName: String?
        /// A kept connection idle longer than this is closed before the next message rather than
        /// reused: servers close idle ones themselves (Postfix after 300 s, many providers sooner),
        /// and a message must not find out by failing.
        public var maximumIdle: Duration = .seconds(60)

        public init(
            url: String,
            starttls: StartTLS = .required,
            username: String? = nil,
            password: String? = nil,
            verifyCertificates: Bool = true,
            caFile: String? = nil,
            connectTimeout: Duration = .seconds(30),
            timeout: Duration = .seconds(600),
            heloName: String? = nil
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
}

/// Settings get logged at start-up; the password must not be.
extension SMTPTransport.Settings: CustomStringConvertible, CustomReflectable {
    public var description: String {
        var parts = ["url: \(url)", "starttls: \(starttls)"]
        if let username { parts.append("username: \(username)") }
        if password != nil { parts.append("password: <redacted>") }
        parts.append("verifyCertificates: \(verifyCertificates)")
        if let caFile { parts.append("caFile: \(caFile)") }
        parts.append("connectTimeout: \(connectTimeout)")
        parts.append("timeout: \(timeout)")
        if let heloName { parts.append("heloName: \(heloName)") }
        parts.append("maximumIdle: \(maximumIdle)")
        return "SMTPTransport.Settings(\(parts.joined(separator: ", ")))"
    }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "url": url,
                "starttls": starttls,
                "username": username as Any,
                "password": password == nil ? "nil" : "<redacted>",
                "verifyCertificates": verifyCertificates,
                "caFile": caFile as Any,
                "connectTimeout": connectTimeout,
                "timeout": timeout,
                "heloName": heloName as Any,
                "maximumIdle": maximumIdle,
            ]
        )
    }
}
