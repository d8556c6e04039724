import Foundation
import RapportCore

extension DaemonConfig {
    /// `kind: http`: an API endpoint, the body's shape, extra headers and the credential file.
    static func httpTransport(_ node: YAMLNode, resolver: PathResolver) throws(ConfigError) -> HTTPConfig {
        let keys = try node.mapping(allowedKeys: [
            "kind", "url", "preset", "body_template", "headers", "authorization_file", "authorization_header",
            "authorization_scheme", "verify_certificates", "ca_file", "connect_timeout", "timeout", "result",
            "address", "max_per_second", "max_connections", "brandname", "sms_type", "secret_key_file",
        ])
        guard let urlNode = keys["url"] else {
            throw node.error("missing key 'url', e.g. https://api.sendgrid.com/v3/mail/send")
        }
        let url = try httpURL(urlNode)
        let shape = try requestShape(keys, node: node, resolver: resolver)
        let authorizationHeader = try keys["authorization_header"].map { node throws(ConfigError) in
            let name = try node.nonEmptyString()
            if let problem = HTTPHeader.problem(name: name, value: "") { throw node.error(problem) }
            return name
        }
        let authorizationScheme = try keys["authorization_scheme"].map { node throws(ConfigError) in
            let scheme = try node.string()
            guard scheme != "none", !scheme.isEmpty else { return "" }
            if HTTPHeader.problem(name: scheme, value: "") != nil {
                throw node.error("'\(scheme)' is not a scheme such as Bearer, Basic or Token; none sends the key alone")
            }
            return scheme
        }
        let credentialHeader = (authorizationHeader ?? shape.credentialHeader).lowercased()
        var headers: [HTTPHeader] = []
        if let headersNode = keys["headers"] {
            for (name, valueNode) in try headersNode.namedEntries() {
                let header = HTTPHeader(name: name, value: try valueNode.string())
                if let problem = HTTPHeader.problem(name: header.name, value: header.value) {
                    throw valueNode.error(problem)
                }
                let lowered = name.lowercased()
                if lowered == "authorization" || lowered == credentialHeader {
                    throw valueNode.error(
                        "a credential never goes in the config; write it to a file and name it with authorization_file")
                }
                if ["idempotency-key", "content-length", "host", "transfer-encoding", "expect"].contains(lowered) {
                    throw valueNode.error("\(name) is set by Rapport or libcurl")
                }
                headers.append(header)
            }
        }
        let connectTimeout = try keys["connect_timeout"]?.positiveTimeSpan() ?? TimeSpan(seconds: 10)
        let timeout = try keys["timeout"]?.positiveTimeSpan() ?? TimeSpan(seconds: 30)
        let isESMS = if case .esms = shape { true } else { false }
        var config = HTTPConfig(
            url: url, shape: shape, headers: headers,
            // eSMS takes its keys in the body (the shape holds them), never in a header.
            authorization: isESMS
                ? nil
                : try keys["authorization_file"].map { node throws(ConfigError) in
                    try credential(node, resolver: resolver)
                },
            authorizationHeader: authorizationHeader, authorizationScheme: authorizationScheme,
            verifyCertificates: try keys["verify_certificates"]?.bool() ?? true,
            caFile: try keys["ca_file"].map { node throws(ConfigError) in resolver.path(try node.nonEmptyString()) },
            connectTimeout: connectTimeout, timeout: timeout)
        config.result = try keys["result"].map(resultRule) ?? (isESMS ? ESMSAccount.resultRule : nil)
        if isESMS { config.address = .phone }
        if let addressNode = keys["address"] {
            let text = try addressNode.string()
            guard let address = AddressKind(rawValue: text) else {
                throw addressNode.error("'\(text)' is not email or phone (the customer field the API sends to)")
            }
            config.address = address
        }
        return config
    }

    /// `result:`, for APIs that answer 200 with the verdict in the body: which field holds the
    /// code and what each code means. A code listed twice is refused, as it cannot mean both.
    private static func resultRule(_ node: YAMLNode) throws(ConfigError) -> APIResultRule {
        let keys = try node.mapping(allowedKeys: ["field", "accepted", "retry", "refused", "setup", "message_id"])
        guard let field = keys["field"] else {
            throw node.error("missing key 'field': where the answer's result code is, e.g. CodeResult or error")
        }
        guard keys["accepted"] != nil else {
            throw node.error("missing key 'accepted': the codes that mean the message was taken, e.g. [\"100\"]")
        }
        var seen: [String: String] = [:]
        func codes(_ key: String) throws(ConfigError) -> Set<String> {
            guard let list = keys[key] else { return [] }
            let values = try list.strings()
            for value in values {
                if let other = seen[value] { throw list.error("'\(value)' is already in \(other)") }
                seen[value] = key
            }
            return Set(values)
        }
        return APIResultRule(
            field: try field.nonEmptyString(), accepted: try codes("accepted"), retry: try codes("retry"),
            refused: try codes("refused"), setup: try codes("setup"),
            messageIDField: try keys["message_id"]?.nonEmptyString())
    }

    /// `https://…`, or `http://` to this host only, with no credentials in it. The URL is not
    /// echoed in errors: a query string may hold a key.
    static func httpURL(_ node: YAMLNode) throws(ConfigError) -> String {
        let url = try node.string()
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = components.host?.lowercased(), !host.isEmpty
        else {
            throw node.error("the url must look like https://api.example.com/path")
        }
        guard components.user == nil, components.password == nil else {
            throw node.error("the url must not hold credentials; use authorization_file")
        }
        guard scheme == "https" || LoopbackHost.contains(host) else {
            throw node.error(
                "use https://; http:// is allowed only to this host (127.0.0.1), so keys and customer data never cross the network in plain text"
            )
        }
        return url
    }

    private static func requestShape(_ keys: [String: YAMLNode], node: YAMLNode, resolver: PathResolver)
        throws(ConfigError) -> APIRequestShape
    {
        let presetNode = keys["preset"]
        let preset = try presetNode?.string() ?? (keys["body_template"] == nil ? "json" : "template")
        if preset == "esms" { return .esms(try esmsAccount(keys, node: node, resolver: resolver)) }
        for key in ["brandname", "sms_type", "secret_key_file"] {
            if let extra = keys[key] { throw extra.error("\(key) is for preset: esms") }
        }
        guard preset == "template" else {
            guard let shape = APIRequestShape(presetName: preset) else {
                throw (presetNode ?? node).error(
                    "'\(preset)' is not one of \(APIRequestShape.presetNames.joined(separator: ", "))")
            }
            if let templateNode = keys["body_template"] {
                throw templateNode.error("body_template is only for preset: template; remove one of them")
            }
            return shape
        }
        guard let templateNode = keys["body_template"] else {
            throw (presetNode ?? node).error(
                "preset template needs body_template: a JSON file with {{…}} fields, e.g. sms-body.json")
        }
        let path = resolver.path(try templateNode.nonEmptyString())
        let text = try templateNode.contents(ofFile: path, "body template")
        let template: Template
        do {
            template = try Template(
                text, kind: .json, location: SourceLocation(file: path, line: 1, column: 1),
                extraFields: APIRequestShape.templateFields)
        } catch {
            throw ConfigError(error, field: templateNode.field)
        }
        if let problem = APIRequestShape.jsonProblem(in: template) {
            throw ConfigError(
                at: template.location, field: templateNode.field,
                message: "the body template is not JSON even with every field filled in (\(problem))")
        }
        return .template(template)
    }

    /// `preset: esms`: the registered brand name, the ApiKey from `authorization_file` and the
    /// SecretKey from `secret_key_file`.
    private static func esmsAccount(_ keys: [String: YAMLNode], node: YAMLNode, resolver: PathResolver)
        throws(ConfigError) -> ESMSAccount
    {
        guard let brandname = keys["brandname"] else {
            throw node.error("missing key 'brandname': the brand name eSMS registered for you, e.g. HOAMAI")
        }
        guard let apiKey = keys["authorization_file"] else {
            throw node.error("missing key 'authorization_file': a file holding your eSMS ApiKey")
        }
        guard let secretKey = keys["secret_key_file"] else {
            throw node.error("missing key 'secret_key_file': a file holding your eSMS SecretKey")
        }
        if let body = keys["body_template"] { throw body.error("preset esms writes its own body; remove body_template") }
        return ESMSAccount(
            brandname: try brandname.nonEmptyString(), smsType: try keys["sms_type"]?.nonEmptyString() ?? "2",
            apiKey: try credential(apiKey, resolver: resolver).value,
            secretKey: try credential(secretKey, resolver: resolver).value)
    }

    /// The first line of the file, never echoed.
    static func credential(_ node: YAMLNode, resolver: PathResolver) throws(ConfigError) -> Secret {
        let path = resolver.secretPath(try node.nonEmptyString())
        let text = String(decoding: try resolver.secret(node, "authorization file"), as: UTF8.self)
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw node.error("the authorization file \(path) is empty") }
        guard HTTPHeader.problem(name: "Authorization", value: value) == nil else {
            throw node.error(
                "the authorization file \(path) holds more than one line or a control character; write the key alone")
        }
        return Secret(value)
    }
}

extension YAMLNode {
    func positiveTimeSpan() throws(ConfigError) -> TimeSpan {
        let span = try timeSpan()
        guard span.seconds > 0 else { throw error("must be longer than 0s") }
        return span
    }
}
