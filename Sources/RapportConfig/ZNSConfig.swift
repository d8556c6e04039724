public import RapportCore

/// Zalo's Notification Service for one Official Account's app: where to post messages, where to
/// renew the access token, and the app's secret key (from a file). The refresh token is not here:
/// it changes with every renewal, so it lives in the store (`rapport zns set-refresh-token`).
public struct ZNSConfig: Sendable, Equatable {
    public static let defaultURL = "https://business.openapi.zalo.me/message/template"
    public static let defaultOAuthURL = "https://oauth.zaloapp.com/v4/oa/access_token"

    public var appID: String
    public var secretKey: Secret
    public var url: String
    public var oauthURL: String
    public var verifyCertificates: Bool
    public var caFile: String?
    public var connectTimeout: TimeSpan
    public var timeout: TimeSpan

    public init(
        appID: String, secretKey: Secret, url: String = ZNSConfig.defaultURL,
        oauthURL: String = ZNSConfig.defaultOAuthURL, verifyCertificates: Bool = true, caFile: String? = nil,
        connectTimeout: TimeSpan = TimeSpan(seconds: 10), timeout: TimeSpan = TimeSpan(seconds: 30)
    ) {
        self.appID = appID
        self.secretKey = secretKey
        self.url = url
        self.oauthURL = oauthURL
        self.verifyCertificates = verifyCertificates
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }
}
