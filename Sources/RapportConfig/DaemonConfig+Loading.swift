public import Foundation
import RapportCore

extension DaemonConfig {
    /// Reads and validates the config file, stopping at its first error. Secrets named by
    /// `*_file` keys are read from `$CREDENTIALS_DIRECTORY` (systemd's `LoadCredential=`) when the
    /// path is relative and that variable is set, else relative to the config file.
    ///
    /// The API-token and link-signing key files are created when missing only if
    /// `createsMissingSecrets` (the daemon); any other command works with keys it does not keep,
    /// so reading the config never writes a file.
    public static func load(
        from path: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        createsMissingSecrets: Bool = false
    ) throws(ConfigError) -> DaemonConfig {
        let reading = read(from: path, environment: environment, createsMissingSecrets: createsMissingSecrets)
        guard let config = reading.config else { throw reading.errors[0] }
        return config
    }

    /// Reads every section of the config file and reports every error in it at once, with what
    /// could be read, so `check` still checks the campaigns against a config with mistakes.
    public static func read(
        from path: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        createsMissingSecrets: Bool = false
    ) -> DaemonConfigReading {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            return DaemonConfigReading(errors: [
                ConfigError(
                    at: .init(file: path, line: 1, column: 1), field: "",
                    message: "cannot read the config file (\(error.localizedDescription)); pass its path with --config")
            ])
        }
        var problems = ConfigProblems()
        guard
            let (root, keys) = YAMLNode.topLevel(
                of: text, file: path,
                allowedKeys: [
                    "store", "tick", "time_zone", "sender", "transports", "campaigns", "links", "send_window",
                    "frequency_cap", "delivery", "server", "phone_country_code", "retention", "language",
                ], problems: &problems)
        else { return DaemonConfigReading(errors: problems.errors) }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        var resolver = PathResolver(base: base, credentialsDirectory: environment["CREDENTIALS_DIRECTORY"])
        resolver.createsMissingSecrets = createsMissingSecrets

        let store = problems.attempt { () throws(ConfigError) -> StoreLocation in
            guard let storeNode = keys["store"] else {
                throw root.error("missing key 'store' (sqlite: the file path, or postgres: the database URL)")
            }
            return try storeLocation(storeNode, resolver: resolver)
        }
        let sender = problems.attempt { () throws(ConfigError) in try senderIdentity(keys["sender"], root: root) }
        var transports: [String: TransportConfig] = [:]
        var limits: [String: TransportLimits] = [:]
        var unreadableTransports: Set<String> = []
        if let transportsNode = keys["transports"] {
            let entries = problems.attempt { () throws(ConfigError) in try transportsNode.namedEntries() }
            for entry in entries ?? [] {
                transports[entry.name] = problems.attempt { () throws(ConfigError) in
                    try transport(entry.node, resolver: resolver)
                }
                if transports[entry.name] == nil { unreadableTransports.insert(entry.name) }
                limits[entry.name] =
                    problems.attempt { () throws(ConfigError) in try transportLimits(entry.node) } ?? nil
            }
            if entries?.isEmpty == true { problems.record(transportsNode.error("declare at least one transport")) }
        } else {
            problems.record(
                root.error(
                    "missing key 'transports'; declare at least one, e.g. default: { kind: file, directory: outbox }"))
        }
        let campaignsDirectory = problems.attempt { () throws(ConfigError) -> String in
            guard let campaigns = keys["campaigns"] else {
                throw root.error("missing key 'campaigns' (the campaigns folder)")
            }
            return resolver.path(try campaigns.nonEmptyString())
        }
        let tickInterval = problems.attempt { () throws(ConfigError) in try keys["tick"].map(tick) }
        let zone = problems.attempt { () throws(ConfigError) in try keys["time_zone"]?.timeZone() }
        let links = problems.attempt { () throws(ConfigError) in
            try keys["links"].map { node throws(ConfigError) in try self.links(node, resolver: resolver) }
        }
        let sendWindow = problems.attempt { () throws(ConfigError) in try keys["send_window"]?.sendWindow() }
        let cap = problems.attempt { () throws(ConfigError) in try keys["frequency_cap"].map(frequencyCap) }
        let delivery = problems.attempt { () throws(ConfigError) -> (DeliverySettings, SourceLocation?)? in
            guard let node = keys["delivery"] else { return nil }
            return (try self.delivery(node), try node.mapping(allowedKeys: deliveryKeys)["lease"]?.location)
        }
        let retention = problems.attempt { () throws(ConfigError) in try keys["retention"].map(retentionPolicy) }
        let language = problems.attempt { () throws(ConfigError) -> DisplayLanguage? in
            guard let node = keys["language"] else { return nil }
            let tag = try node.nonEmptyString()
            guard let language = DisplayLanguage(rawValue: tag) else {
                throw node.error("'\(tag)' is not a language Rapport writes in; give vi or en")
            }
            return language
        }
        let countryCode = problems.attempt { () throws(ConfigError) -> Int? in
            guard let node = keys["phone_country_code"] else { return nil }
            let code = try node.integer()
            guard (1...999).contains(code) else {
                throw node.error("give the calling code alone, 1 to 3 digits without + (84 for Vietnam)")
            }
            return code
        }
        let server = problems.attempt { () throws(ConfigError) in
            try keys["server"].map { node throws(ConfigError) in try self.server(node, resolver: resolver) }
        }
        var reading = DaemonConfigReading(errors: problems.errors)
        reading.campaignsDirectory = campaignsDirectory
        reading.transports = transports
        reading.unreadableTransports = unreadableTransports
        reading.linksConfigured = keys["links"] != nil
        guard problems.errors.isEmpty, let store, let sender, let campaignsDirectory else { return reading }
        var config = DaemonConfig(
            file: path, store: store, tickInterval: (tickInterval ?? nil) ?? TimeSpan(seconds: 60),
            defaultTimeZone: (zone ?? nil) ?? TimeZone(identifier: "UTC")!, sender: sender, transports: transports,
            campaignsDirectory: campaignsDirectory, links: links ?? nil, sendWindow: sendWindow ?? nil,
            frequencyCap: cap ?? nil)
        if let (settings, leaseLocation) = delivery ?? nil {
            config.delivery = settings
            config.leaseLocation = leaseLocation
        }
        config.transportLimits = limits
        config.retention = retention ?? nil
        if let language = language ?? nil { config.language = language }
        if let code = countryCode ?? nil { config.phoneCountryCode = code }
        config.server = server ?? nil
        reading.config = config
        return reading
    }

    private static func retentionPolicy(_ node: YAMLNode) throws(ConfigError) -> RetentionPolicy {
        let retention = try node.mapping(allowedKeys: ["events", "ledger_bodies", "survey_comments"])
        func age(_ key: String) throws(ConfigError) -> TimeSpan? {
            guard let ageNode = retention[key] else { return nil }
            let span = try ageNode.timeSpan()
            guard span.seconds >= 86_400 else {
                throw ageNode.error("keep data at least a day (1d); reports and retries need recent data")
            }
            return span
        }
        return RetentionPolicy(
            events: try age("events"), ledgerDetails: try age("ledger_bodies"),
            surveyComments: try age("survey_comments"))
    }

    private static func tick(_ node: YAMLNode) throws(ConfigError) -> TimeSpan {
        let span = try node.timeSpan()
        guard span.seconds >= 1 else {
            throw node.error(
                "a tick under one second keeps the daemon evaluating without pause; give 1s or more, e.g. 1m")
        }
        return span
    }

    private static func server(_ node: YAMLNode, resolver: PathResolver) throws(ConfigError) -> ServerConfig {
        let keys = try node.mapping(allowedKeys: [
            "listen", "api_tokens_file", "max_body", "idle_timeout", "max_connections",
        ])
        guard let listenNode = keys["listen"] else {
            throw node.error("missing key 'listen': the address and port to serve, e.g. 127.0.0.1:8470")
        }
        let listen = try listenNode.string()
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
            (0...65_535).contains(port)
        else { throw listenNode.error("'\(listen)' is not host:port, e.g. 127.0.0.1:8470 or [::1]:8470") }
        var host = String(listen[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { host = "0.0.0.0" }
        var tokens = APITokens()
        if let tokensNode = keys["api_tokens_file"] {
            let path = resolver.secretPath(try tokensNode.nonEmptyString())
            let data = try resolver.secret(tokensNode, "API tokens file") { bytes in
                let token = Data(bytes).base64EncodedString().filter { $0.isLetter || $0.isNumber }
                return Data("# <client name> <bearer token>, one per line\ndefault \(token)\n".utf8)
            }
            do {
                tokens = try APITokens(file: String(decoding: data, as: UTF8.self))
            } catch {
                throw tokensNode.error("\(path) \(error.description)")
            }
        }
        var maximumBodyBytes = ServerConfig.defaultMaximumBodyBytes
        if let bodyNode = keys["max_body"] {
            let text = try bodyNode.string().uppercased().replacingOccurrences(of: " ", with: "")
            let units: [(String, Int)] = [("KB", 1 << 10), ("MB", 1 << 20), ("B", 1), ("", 1)]
            guard let (suffix, factor) = units.first(where: { text.hasSuffix($0.0) }),
                let count = Int(text.dropLast(suffix.count)), count > 0, count <= 64 << 20 / factor
            else { throw bodyNode.error("give a size from 1B to 64MB, e.g. 512KB or 1MB") }
            maximumBodyBytes = count * factor
        }
        var config = ServerConfig(host: host, port: port, maximumBodyBytes: maximumBodyBytes, tokens: tokens)
        if let node = keys["idle_timeout"] {
            let span = try node.timeSpan()
            guard span.seconds > 0 else { throw node.error("must be longer than zero, e.g. 30s") }
            config.connections.idleTimeout = span
        }
        if let node = keys["max_connections"] {
            guard let count = try? node.integer(), (1...1_000_000).contains(count) else {
                throw node.error("give a whole number of connections from 1 to 1000000")
            }
            config.connections.maximum = count
        }
        return config
    }

    /// `max_per_second` and `max_connections` on any transport; nil when it sets neither.
    private static func transportLimits(_ node: YAMLNode) throws(ConfigError) -> TransportLimits? {
        let keys = try node.mapping(allowedKeys: transportKeys)
        var limits = TransportLimits()
        if let rate = keys["max_per_second"] {
            guard let value = Double(try rate.string()), value > 0, value.isFinite else {
                throw rate.error("give messages per second as a number above 0, e.g. 10 or 0.5")
            }
            limits.messagesPerSecond = value
        }
        if let connections = keys["max_connections"] {
            guard let value = try? connections.integer(), value > 0 else {
                throw connections.error("give a whole number of connections above 0")
            }
            limits.connections = value
        }
        return limits == TransportLimits() ? nil : limits
    }

    private static func delivery(_ node: YAMLNode) throws(ConfigError) -> DeliverySettings {
        let keys = try node.mapping(allowedKeys: deliveryKeys)
        var settings = DeliverySettings()
        if let workers = keys["workers"] {
            guard let count = try? workers.integer(), (1...64).contains(count) else {
                throw workers.error("give a whole number of workers from 1 to 64")
            }
            settings.workers = count
        }
        func span(_ key: String) throws(ConfigError) -> TimeSpan? {
            guard let node = keys[key] else { return nil }
            let span = try node.timeSpan()
            guard span.seconds > 0 else { throw node.error("must be longer than zero") }
            return span
        }
        settings.lease = try span("lease") ?? settings.lease
        settings.retry.initialDelay = try span("retry_after") ?? settings.retry.initialDelay
        settings.retry.maximumDelay = try span("retry_max") ?? settings.retry.maximumDelay
        settings.retry.giveUpAfter = try span("give_up_after") ?? settings.retry.giveUpAfter
        settings.shutdownTimeout = try span("shutdown_timeout") ?? settings.shutdownTimeout
        return settings
    }

    private static let deliveryKeys: Set<String> = [
        "workers", "lease", "retry_after", "retry_max", "give_up_after", "shutdown_timeout",
    ]

    private static func frequencyCap(_ node: YAMLNode) throws(ConfigError) -> FrequencyCap {
        let keys = try node.mapping(allowedKeys: ["messages", "per"])
        guard let messages = keys["messages"], let count = try? messages.integer(), count > 0 else {
            throw node.error("give messages: a whole number above 0, e.g. { messages: 2, per: 7d }")
        }
        guard let per = keys["per"] else { throw node.error("give per: a period, e.g. 7d") }
        return FrequencyCap(messages: count, per: try per.timeSpan())
    }

    private static func links(_ node: YAMLNode, resolver: PathResolver) throws(ConfigError) -> LinkSettings {
        let keys = try node.mapping(allowedKeys: ["base_url", "signing_key_file", "nps_expiry", "nps_scan_window"])
        guard let baseNode = keys["base_url"] else {
            throw node.error(
                "missing key 'base_url', where the HTTP service is reachable, e.g. https://shop.example/rapport")
        }
        let base = try baseNode.string()
        guard base.hasPrefix("https://") || base.hasPrefix("http://"), URL(string: base)?.host != nil else {
            throw baseNode.error("'\(base)' is not an http(s) URL")
        }
        guard let keyNode = keys["signing_key_file"] else {
            throw node.error(
                "missing key 'signing_key_file': a file of at least 32 random bytes, e.g. head -c 32 /dev/urandom")
        }
        let keyPath = resolver.secretPath(try keyNode.nonEmptyString())
        let secret = try resolver.secret(keyNode, "signing key file") { Data($0) }
        guard let signer = LinkSigner(secret: Array(secret)) else {
            throw keyNode.error(
                "the signing key in \(keyPath) is shorter than 32 bytes; make one with head -c 32 /dev/urandom")
        }
        return LinkSettings(
            baseURL: base, signer: signer,
            npsExpiry: try keys["nps_expiry"]?.timeSpan() ?? TimeSpan(seconds: 30 * 86_400),
            npsScanWindow: try keys["nps_scan_window"]?.timeSpan() ?? LinkSettings.defaultScanWindow)
    }

    private static func senderIdentity(_ node: YAMLNode?, root: YAMLNode) throws(ConfigError) -> SenderIdentity {
        guard let node else { throw root.error("missing key 'sender' with at least from: \"Name <address>\"") }
        let keys = try node.mapping(allowedKeys: ["from", "reply_to", "message_id_domain"])
        guard let fromNode = keys["from"] else { throw node.error("missing key 'from'") }
        func mailbox(_ node: YAMLNode) throws(ConfigError) -> Mailbox {
            do {
                return try Mailbox(parsing: try node.string())
            } catch let error as AddressError {
                throw node.error(error.description)
            } catch let error as ConfigError {
                throw error
            } catch {
                throw node.error("\(error)")
            }
        }
        return SenderIdentity(
            from: try mailbox(fromNode), replyTo: try keys["reply_to"].map(mailbox),
            messageIDDomain: try keys["message_id_domain"]?.nonEmptyString())
    }

    private static let transportKeys: Set<String> = [
        "kind", "directory", "url", "starttls", "username", "password_file", "verify_certificates", "ca_file",
        "connect_timeout", "timeout", "helo_name", "preset", "body_template", "headers", "authorization_file",
        "authorization_header", "authorization_scheme", "max_per_second", "max_connections", "max_idle", "result",
        "address", "app_id", "secret_key_file", "oauth_url", "brandname", "sms_type",
    ]

    private static func transport(_ node: YAMLNode, resolver: PathResolver) throws(ConfigError) -> TransportConfig {
        let kindKeys = try node.mapping(allowedKeys: transportKeys)
        guard let kindNode = kindKeys["kind"] else { throw node.error("missing key 'kind' (file, smtp, http or zns)") }
        switch try kindNode.string() {
        case "file":
            guard let directory = kindKeys["directory"] else { throw node.error("missing key 'directory'") }
            return .file(directory: resolver.path(try directory.nonEmptyString()))
        case "smtp":
            guard let urlNode = kindKeys["url"] else {
                throw node.error("missing key 'url', e.g. smtp://mail.example.com:587")
            }
            let url = try urlNode.string()
            guard url.hasPrefix("smtp://") || url.hasPrefix("smtps://"), let components = URLComponents(string: url),
                let host = components.host, !host.isEmpty
            else {
                throw urlNode.error(
                    "'\(url)' must look like smtp://mail.example.com:587 or smtps://mail.example.com:465")
            }
            guard components.user == nil, components.password == nil else {
                throw urlNode.error(
                    "the url must not hold credentials, which would reach logs; use username: and password_file:")
            }
            var starttls = SMTPConfig.StartTLS.required
            if let starttlsNode = kindKeys["starttls"] {
                let text = try starttlsNode.string()
                guard let value = SMTPConfig.StartTLS(rawValue: text) else {
                    throw starttlsNode.error("'\(text)' is not one of required, opportunistic, off")
                }
                starttls = value
                if value == .off, url.hasPrefix("smtp://"), !LoopbackHost.contains(host) {
                    throw starttlsNode.error(
                        "starttls: off sends mail and the password in plain text across the network; it is for a relay on this machine (127.0.0.1, ::1, localhost) only — use required"
                    )
                }
            }
            var password: Secret?
            if let passwordNode = kindKeys["password_file"] {
                password = Secret(try resolver.password(passwordNode, of: "SMTP"))
            }
            var smtp =
                SMTPConfig(
                    url: url, starttls: starttls, username: try kindKeys["username"]?.string(), password: password,
                    verifyCertificates: try kindKeys["verify_certificates"]?.bool() ?? true,
                    caFile: try kindKeys["ca_file"].map { node throws(ConfigError) in resolver.path(try node.string())
                    },
                    connectTimeout: try kindKeys["connect_timeout"]?.timeSpan() ?? TimeSpan(seconds: 30),
                    timeout: try kindKeys["timeout"]?.timeSpan() ?? TimeSpan(seconds: 600),
                    heloName: try kindKeys["helo_name"]?.nonEmptyString())
            if let idle = kindKeys["max_idle"] {
                smtp.maximumIdle = try idle.timeSpan()
                guard smtp.maximumIdle.seconds > 0 else { throw idle.error("must be longer than zero, e.g. 60s") }
            }
            return .smtp(smtp)
        case "http":
            return .http(try httpTransport(node, resolver: resolver))
        case "zns":
            return .zns(try znsTransport(node, resolver: resolver))
        case let other:
            throw kindNode.error("unknown transport kind '\(other)'; expected file, smtp, http or zns")
        }
    }
}

/// Resolves relative paths in the config.
struct PathResolver {
    var base: URL
    var credentialsDirectory: String?
    /// Whether a missing key file Rapport may make is written (the daemon), or only made in memory.
    var createsMissingSecrets = false

    func path(_ text: String) -> String {
        text.hasPrefix("/") ? text : base.appendingPathComponent(text).standardizedFileURL.path
    }

    /// Whether `path` is one systemd provides (read-only, never created by Rapport).
    func isCredential(_ path: String) -> Bool {
        guard let credentialsDirectory, !credentialsDirectory.isEmpty else { return false }
        return path.hasPrefix(credentialsDirectory)
    }

    func secretPath(_ text: String) -> String {
        if !text.hasPrefix("/"), let credentialsDirectory, !credentialsDirectory.isEmpty {
            return URL(fileURLWithPath: credentialsDirectory).appendingPathComponent(text).path
        }
        return path(text)
    }
}
