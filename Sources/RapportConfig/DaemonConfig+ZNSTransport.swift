import Foundation
import RapportCore

extension DaemonConfig {
    /// `kind: zns`: the Zalo app's id, its secret key file, and (for tests or a proxy) the
    /// message and token URLs.
    static func znsTransport(_ node: YAMLNode, resolver: PathResolver) throws(ConfigError) -> ZNSConfig {
        let keys = try node.mapping(allowedKeys: [
            "kind", "app_id", "secret_key_file", "url", "oauth_url", "verify_certificates", "ca_file",
            "connect_timeout", "timeout", "max_per_second", "max_connections",
        ])
        guard let appNode = keys["app_id"] else {
            throw node.error("missing key 'app_id': the id of the Zalo app linked to the Official Account")
        }
        let appID = try appNode.nonEmptyString()
        guard appID.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw appNode.error("'\(appID)' is not a Zalo app id (digits, as Zalo for Developers shows it)")
        }
        guard let secretNode = keys["secret_key_file"] else {
            throw node.error("missing key 'secret_key_file': a file holding the app's secret key (Zalo for Developers)")
        }
        var config = ZNSConfig(appID: appID, secretKey: try credential(secretNode, resolver: resolver))
        if let url = keys["url"] { config.url = try httpURL(url) }
        if let url = keys["oauth_url"] { config.oauthURL = try httpURL(url) }
        config.verifyCertificates = try keys["verify_certificates"]?.bool() ?? true
        config.caFile = try keys["ca_file"].map { node throws(ConfigError) in resolver.path(try node.nonEmptyString()) }
        config.connectTimeout = try keys["connect_timeout"]?.positiveTimeSpan() ?? config.connectTimeout
        config.timeout = try keys["timeout"]?.positiveTimeSpan() ?? config.timeout
        return config
    }
}
