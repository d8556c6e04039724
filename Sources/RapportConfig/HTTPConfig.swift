public import RapportCore

/// An HTTP API: an email provider, an SMS gateway or a webhook. The credential comes from a file,
/// never from the config itself.
public struct HTTPConfig: Sendable, Equatable {
    /// `https://…`, or `http://` to a loopback address.
    public var url: String
    /// `preset:` (json, sendgrid, postmark) or `body_template:`.
    public var shape: APIRequestShape
    /// Extra request headers, in the order written.
    public var headers: [HTTPHeader]
    /// The API key or token read from `authorization_file`.
    public var authorization: Secret?
    /// `authorization_header`; nil for the shape's own.
    public var authorizationHeader: String?
    /// `authorization_scheme`; nil for the shape's own, empty for the credential alone.
    public var authorizationScheme: String?
    public var verifyCertificates: Bool
    public var caFile: String?
    public var connectTimeout: TimeSpan
    /// Bound on one whole request.
    public var timeout: TimeSpan
    /// How to read the verdict in a 2xx answer's body; nil: the status decides.
    public var result: APIResultRule?
    /// `address: phone` for an SMS gateway: the customer's phone decides who gets the message.
    public var address = AddressKind.email

    public init(
        url: String, shape: APIRequestShape = .json, headers: [HTTPHeader] = [], authorization: Secret? = nil,
        authorizationHeader: String? = nil, authorizationScheme: String? = nil, verifyCertificates: Bool = true,
        caFile: String? = nil, connectTimeout: TimeSpan = TimeSpan(seconds: 10),
        timeout: TimeSpan = TimeSpan(seconds: 30)
    ) {
        self.url = url
        self.shape = shape
        self.headers = headers
        self.authorization = authorization
        self.authorizationHeader = authorizationHeader
        self.authorizationScheme = authorizationScheme
        self.verifyCertificates = verifyCertificates
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }
}
