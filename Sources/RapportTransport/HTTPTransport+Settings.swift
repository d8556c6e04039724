public import RapportCore

extension HTTPTransport {
    /// Where the API is, what it expects, and the credential it takes.
    public struct Settings: Sendable {
        /// `https://host/path`, or `http://` to a loopback address only; no user name or password.
        public var url: String
        /// How a message becomes the request body.
        public var shape: APIRequestShape
        /// Sent with every request after Rapport's own (`Content-Type`, `Accept`,
        /// `Idempotency-Key`); a header of the same name replaces Rapport's.
        public var headers: [HTTPHeader]
        /// The API key or token. Never logged and never part of an error message.
        public var authorization: String?
        /// The header that carries `authorization`: the shape's (`Authorization`, or Postmark's
        /// `X-Postmark-Server-Token`) unless an API wants another, such as `X-API-Key`.
        public var authorizationHeader: String
        /// Written before `authorization` with a space, e.g. `Bearer` or `Basic`; empty sends the
        /// credential alone. Defaults to the shape's (`Bearer`; none for Postmark's token header).
        public var authorizationScheme: String
        /// Turn off only for a test server with a self-signed certificate; prefer `caFile`.
        public var verifyCertificates: Bool
        /// PEM bundle to verify the server against instead of the system's trust store.
        public var caFile: String?
        /// Limit for TCP and TLS set-up.
        public var connectTimeout: Duration
        /// Limit for one whole request, connecting included. A request that times out may still
        /// have been accepted; its retry carries the same Idempotency-Key.
        public var timeout: Duration
        /// How to read the verdict in a 2xx answer's body, for APIs that put it there.
        public var result: APIResultRule?

        public init(
            url: String,
            shape: APIRequestShape = .json,
            headers: [HTTPHeader] = [],
            authorization: String? = nil,
            authorizationHeader: String? = nil,
            authorizationScheme: String? = nil,
            verifyCertificates: Bool = true,
            caFile: String? = nil,
            connectTimeout: Duration = .seconds(10),
            timeout: Duration = .seconds(30)
        ) {
            self.url = url
            self.shape = shape
            self.headers = headers
            self.authorization = authorization
            self.authorizationHeader = authorizationHeader ?? shape.credentialHeader
            self.authorizationScheme = authorizationScheme ?? shape.defaultCredentialScheme ?? ""
            self.verifyCertificates = verifyCertificates
            self.caFile = caFile
            self.connectTimeout = connectTimeout
            self.timeout = timeout
        }

        /// The header that carries the credential, e.g. `Authorization: Bearer <key>`.
        var credentialHeader: HTTPHeader? {
            guard let authorization else { return nil }
            let value = authorizationScheme.isEmpty ? authorization : "\(authorizationScheme) \(authorization)"
            return HTTPHeader(name: authorizationHeader, value: value)
        }
    }
}

/// Settings get logged at start-up; the credential must not be.
extension HTTPTransport.Settings: CustomStringConvertible, CustomReflectable {
    public var description: String {
        var parts = ["url: \(url)", "shape: \(shape)"]
        if !headers.isEmpty { parts.append("headers: \(headers.map(\.name).joined(separator: ", "))") }
        if authorization != nil {
            parts.append(
                "\(authorizationHeader): \(authorizationScheme.isEmpty ? "" : "\(authorizationScheme) ")<redacted>")
        }
        parts.append("verifyCertificates: \(verifyCertificates)")
        if let caFile { parts.append("caFile: \(caFile)") }
        parts.append("connectTimeout: \(connectTimeout)")
        parts.append("timeout: \(timeout)")
        return "HTTPTransport.Settings(\(parts.joined(separator: ", ")))"
    }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "url": url,
                "shape": shape,
                "headers": headers,
                "authorization": authorization == nil ? "nil" : "<redacted>",
                "authorizationHeader": authorizationHeader,
                "authorizationScheme": authorizationScheme,
                "verifyCertificates": verifyCertificates,
                "caFile": caFile as Any,
                "connectTimeout": connectTimeout,
                "timeout": timeout,
            ]
        )
    }
}
