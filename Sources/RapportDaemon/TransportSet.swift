public import RapportConfig
public import RapportCore
public import RapportTransport

/// Builds the configured transports by name.
public enum TransportSet {
    /// One worker's transports. `zalo` holds each zns transport's shared access token (see
    /// `zaloTokens`); a zns transport without one cannot be built.
    public static func make(_ configs: [String: TransportConfig], zalo: [String: ZNSTransport.Token] = [:])
        throws(TransportError) -> [String: any Transport]
    {
        var transports: [String: any Transport] = [:]
        for (name, config) in configs {
            switch config {
            case .file(let directory):
                transports[name] = FileTransport(directory: directory)
            case .smtp(let smtp):
                transports[name] = try SMTPTransport(settings: settings(smtp))
            case .http(let http):
                transports[name] = try HTTPTransport(settings: settings(http))
            case .zns(let zns):
                guard let token = zalo[name] else {
                    throw TransportError(.configuration, reply: "zns transport \(name) needs the store for its tokens")
                }
                transports[name] = try ZNSTransport(settings: settings(zns, url: zns.url), token: token)
            }
        }
        return transports
    }

    /// The access token of each zns transport, shared by every worker of this daemon and kept in
    /// `vault` (the store) for every daemon on it.
    public static func zaloTokens(
        _ configs: [String: TransportConfig], vault: any ZNSTokenVault, owner: String, clock: any WallClock
    ) throws(TransportError) -> [String: ZNSTransport.Token] {
        var tokens: [String: ZNSTransport.Token] = [:]
        for (name, config) in configs {
            guard case .zns(let zns) = config else { continue }
            tokens[name] = try ZNSTransport.Token(
                vault: vault, appID: zns.appID, owner: owner, oauth: settings(zns, url: zns.oauthURL),
                secretKey: zns.secretKey.value, clock: clock)
        }
        return tokens
    }

    static func settings(_ zns: ZNSConfig, url: String) -> HTTPTransport.Settings {
        HTTPTransport.Settings(
            url: url, verifyCertificates: zns.verifyCertificates, caFile: zns.caFile,
            connectTimeout: .seconds(zns.connectTimeout.seconds), timeout: .seconds(zns.timeout.seconds))
    }

    static func settings(_ smtp: SMTPConfig) -> SMTPTransport.Settings {
        let starttls: SMTPTransport.Settings.StartTLS =
            switch smtp.starttls {
            case .required: .required
            case .opportunistic: .opportunistic
            case .off: .off
            }
        var settings = SMTPTransport.Settings(
            url: smtp.url, starttls: starttls, username: smtp.username, password: smtp.password?.value,
            verifyCertificates: smtp.verifyCertificates, caFile: smtp.caFile,
            connectTimeout: .seconds(smtp.connectTimeout.seconds), timeout: .seconds(smtp.timeout.seconds),
            heloName: smtp.heloName)
        settings.maximumIdle = .seconds(smtp.maximumIdle.seconds)
        return settings
    }

    static func settings(_ http: HTTPConfig) -> HTTPTransport.Settings {
        var settings = HTTPTransport.Settings(
            url: http.url, shape: http.shape, headers: http.headers, authorization: http.authorization?.value,
            authorizationHeader: http.authorizationHeader, authorizationScheme: http.authorizationScheme,
            verifyCertificates: http.verifyCertificates, caFile: http.caFile,
            connectTimeout: .seconds(http.connectTimeout.seconds), timeout: .seconds(http.timeout.seconds))
        settings.result = http.result
        return settings
    }
}
