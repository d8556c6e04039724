public import RapportConfig
public import RapportCore
import RapportTransport

/// Builds the configured transports by name.
public enum TransportSet {
    public static func make(_ configs: [String: TransportConfig]) throws(TransportError) -> [String: any Transport] {
        var transports: [String: any Transport] = [:]
        for (name, config) in configs {
            switch config {
            case .file(let directory):
                transports[name] = FileTransport(directory: directory)
            case .smtp(let smtp):
                transports[name] = try SMTPTransport(settings: settings(smtp))
            case .http(let http):
                transports[name] = try HTTPTransport(settings: settings(http))
            }
        }
        return transports
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
