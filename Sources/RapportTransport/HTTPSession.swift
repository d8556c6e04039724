internal import CCurl
import Foundation
import RapportCore

/// The libcurl handle of one `HTTPTransport`, kept so its connection is reused across requests.
///
/// Not thread-safe; `HTTPTransport` uses it through a `SerialSession`.
final class HTTPSession: TransportSession {
    private let settings: HTTPTransport.Settings
    private let handle: CurlEasyHandle
    private let download = CurlDownload(limit: 64 * 1024)
    /// After a failed transfer the connection's state is unknown, so the next request opens a new one.
    private var needsFreshConnection = false

    init(settings: HTTPTransport.Settings) throws(TransportError) {
        try Self.validate(settings)
        self.settings = settings
        do throws(CurlCode) {
            // The trace is ignored: outgoing header lines hold the credential.
            handle = try CurlEasyHandle { _, _ in }
            try handle.set(CURLOPT_URL, settings.url)
            try handle.set(CURLOPT_PROTOCOLS_STR, "http,https")
            try handle.set(CURLOPT_SSL_VERIFYPEER, settings.verifyCertificates)
            try handle.set(CURLOPT_SSL_VERIFYHOST, settings.verifyCertificates ? 2 : 0)
            if let caFile = settings.caFile { try handle.set(CURLOPT_CAINFO, caFile) }
            try handle.set(CURLOPT_CONNECTTIMEOUT_MS, settings.connectTimeout.milliseconds)
            try handle.set(CURLOPT_TIMEOUT_MS, settings.timeout.milliseconds)
            // A POST is never re-sent to another address: a redirect is reported, not followed.
            try handle.set(CURLOPT_FOLLOWLOCATION, false)
            try handle.set(CURLOPT_POST, true)
            try handle.receiveBody(into: download)
        } catch {
            throw TransportError(
                .configuration,
                reply: "libcurl refused the HTTP settings (\(error)); it must be 7.85 or later, with HTTP and TLS")
        }
    }

    /// Posts one message; a reply with a status decides through `APIResponse.outcome`.
    func send(_ envelope: Envelope) -> Result<TransportReceipt, TransportError> {
        let request: APIRequest
        do throws(TransportError) {
            request = try settings.shape.request(for: envelope)
        } catch {
            return .failure(error)
        }
        return post(request, credential: settings.credentialHeader)
            .flatMap { $0.outcome(reading: settings.result) }
            .redacting((settings.authorization.map { [$0] } ?? []) + settings.shape.secrets)
    }

    /// Posts `request` with `credential` (the settings' own, or one that changes, such as Zalo's
    /// access token) and returns the answer, whatever its status. The caller redacts the
    /// credential from what it keeps: a server may echo the request.
    func post(_ request: APIRequest, credential: HTTPHeader?) -> Result<APIResponse, TransportError> {
        download.reset()
        do throws(CurlCode) {
            try handle.set(CURLOPT_FRESH_CONNECT, needsFreshConnection)
            try handle.set(CURLOPT_HTTPHEADER, headerLines(for: request, credential: credential))
            try handle.set(CURLOPT_POSTFIELDSIZE_LARGE, size: Int64(request.body.count))
        } catch {
            return .failure(TransportError(.temporary, reply: "libcurl could not take the request: \(error)"))
        }
        let code = handle.perform(upload: request.body)
        needsFreshConnection = code != .ok
        guard code == .ok else {
            return .failure(TransportError(httpCurlCode: code, curlMessage: handle.errorMessage))
        }
        return .success(
            APIResponse(
                status: handle.responseCode, retryAfter: handle.responseHeader("Retry-After"), body: download.bytes))
    }

    /// The request's headers, the configured ones (replacing a request header of the same name),
    /// the credential, and an empty `Expect:` so libcurl does not wait for `100 Continue` on
    /// larger bodies.
    private func headerLines(for request: APIRequest, credential: HTTPHeader?) -> [String] {
        var headers = request.headers + [HTTPHeader(name: "User-Agent", value: "Rapport")]
        for header in settings.headers {
            headers.removeAll { $0.name.lowercased() == header.name.lowercased() }
            headers.append(header)
        }
        if let credential { headers.append(credential) }
        return headers.map(\.description) + ["Expect:"]
    }

    /// Rejects what libcurl would misread, what would leak, and headers Rapport must own, before
    /// the first message. Neither the URL nor any header value is echoed: either may hold a key.
    private static func validate(_ settings: HTTPTransport.Settings) throws(TransportError) {
        guard let components = URLComponents(string: settings.url),
            let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = components.host, !host.isEmpty
        else {
            throw TransportError(.configuration, reply: "the HTTP url must look like https://api.example.com/path")
        }
        guard components.user == nil, components.password == nil else {
            throw TransportError(
                .configuration, reply: "the HTTP url must not hold credentials; use authorization_file")
        }
        guard scheme == "https" || isLoopback(host) else {
            throw TransportError(
                .configuration,
                reply:
                    "the HTTP url must be https:// (http:// only to a loopback address): the credential and customer data must not cross the network in plain text"
            )
        }
        guard settings.connectTimeout > .zero, settings.timeout > .zero else {
            throw TransportError(.configuration, reply: "the HTTP connectTimeout and timeout must be positive")
        }
        let reserved = ["idempotency-key", "content-length", "host", "transfer-encoding", "expect"]
        for header in settings.headers {
            if let problem = HTTPHeader.problem(name: header.name, value: header.value) {
                throw TransportError(.configuration, reply: problem)
            }
            let name = header.name.lowercased()
            guard name != settings.authorizationHeader.lowercased(), name != "authorization" else {
                throw TransportError(
                    .configuration, reply: "set \(header.name) through authorization_file, not as a header")
            }
            guard !reserved.contains(name) else {
                throw TransportError(.configuration, reply: "\(header.name) is set by Rapport or libcurl")
            }
        }
        if let credential = settings.credentialHeader,
            HTTPHeader.problem(name: credential.name, value: credential.value) != nil
        {
            throw TransportError(
                .configuration,
                reply:
                    "the authorization header name or scheme is not valid, or the credential holds a line break or a control character"
            )
        }
    }

    private static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
