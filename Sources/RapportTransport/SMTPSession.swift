internal import CCurl
import Foundation
import RapportCore

/// The libcurl handle of one `SMTPTransport`, and the state it carries from message to message.
///
/// Not thread-safe; `SMTPTransport` uses it through a `SerialSession`.
final class SMTPSession: TransportSession {
    private let replies: SMTPReplyRecorder
    private let handle: CurlEasyHandle
    /// After a failure the server's state is unknown, so the next message opens a new connection.
    private var needsFreshConnection = false
    /// The last message went through, so libcurl keeps its connection for the next one.
    private var keepsConnection = false
    /// What a relay echoing the login must not get into the ledger or the log.
    private let secrets: [String]

    init(settings: SMTPTransport.Settings) throws(TransportError) {
        let url = try Self.validatedURL(settings)
        let replies = SMTPReplyRecorder()
        self.replies = replies
        secrets =
            [settings.username, settings.password].compactMap(\.self)
            + [settings.password.map { "\0\(settings.username ?? "")\0\($0)" }].compactMap(\.self)
        do throws(CurlCode) {
            handle = try CurlEasyHandle { type, bytes in replies.record(type, bytes) }
            try handle.set(CURLOPT_URL, url)
            try handle.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
            try handle.set(CURLOPT_USE_SSL, Self.useSSL(settings.starttls))
            try handle.set(CURLOPT_SSL_VERIFYPEER, settings.verifyCertificates)
            try handle.set(CURLOPT_SSL_VERIFYHOST, settings.verifyCertificates ? 2 : 0)
            if let caFile = settings.caFile { try handle.set(CURLOPT_CAINFO, caFile) }
            if let username = settings.username { try handle.set(CURLOPT_USERNAME, username) }
            if let password = settings.password { try handle.set(CURLOPT_PASSWORD, password) }
            try handle.set(CURLOPT_CONNECTTIMEOUT_MS, settings.connectTimeout.milliseconds)
            try handle.set(CURLOPT_TIMEOUT_MS, settings.timeout.milliseconds)
            // One cached connection: when a fresh one is opened, the old one is closed, not kept.
            try handle.set(CURLOPT_MAXCONNECTS, 1)
            try handle.set(CURLOPT_MAXAGE_CONN, Int(settings.maximumIdle.components.seconds))
            try handle.set(CURLOPT_UPLOAD, true)
        } catch {
            throw TransportError(
                .configuration,
                reply: "libcurl refused the SMTP settings (\(error)); it must be 7.85 or later, with SMTP and TLS"
            )
        }
    }

    /// Hands one message to the server over the kept connection, opening one when needed. A
    /// kept connection the server had closed (no reply at all, or 421 "closing") costs nothing:
    /// the message goes again at once on a fresh one, as the server cannot have accepted it.
    func send(_ envelope: Envelope) -> Result<TransportReceipt, TransportError> {
        guard envelope.recipient.mailbox != nil else {
            return .failure(
                TransportError(
                    .configuration,
                    reply: "an SMTP transport cannot send to the phone number \(envelope.recipient.address)"))
        }
        let reusable = keepsConnection
        var outcome = attempt(envelope)
        if case .failure = outcome, reusable, handle.newConnections == 0,
            replies.lastReply.map({ $0.code == 421 }) ?? true
        {
            needsFreshConnection = true
            outcome = attempt(envelope)
        }
        return outcome.redacting(secrets)
    }

    private func attempt(_ envelope: Envelope) -> Result<TransportReceipt, TransportError> {
        replies.reset()
        do throws(CurlCode) {
            try handle.set(CURLOPT_FRESH_CONNECT, needsFreshConnection)
            try handle.set(CURLOPT_MAIL_FROM, "<\(envelope.mailFrom.value)>")
            try handle.set(CURLOPT_MAIL_RCPT, ["<\(envelope.recipient.address)>"])
            try handle.set(CURLOPT_INFILESIZE_LARGE, size: Int64(envelope.data.count))
        } catch {
            return .failure(TransportError(.temporary, reply: "libcurl could not take the message: \(error)"))
        }
        let code = handle.perform(upload: envelope.data)
        needsFreshConnection = code != .ok
        keepsConnection = code == .ok
        guard code == .ok else {
            return .failure(
                TransportError(
                    curlCode: code,
                    serverReply: replies.lastReply,
                    responseCode: handle.responseCode,
                    curlMessage: handle.errorMessage
                )
            )
        }
        return .success(TransportReceipt(reply: replies.lastReply?.text ?? "\(handle.responseCode)"))
    }

    private static func useSSL(_ starttls: SMTPTransport.Settings.StartTLS) -> Int {
        let level =
            switch starttls {
            case .off: CURLUSESSL_NONE
            case .opportunistic: CURLUSESSL_TRY
            case .required: CURLUSESSL_ALL
            }
        return Int(level.rawValue)
    }

    /// Rejects what libcurl would misread or what would leak, before the first message. The URL
    /// is not echoed, as it may hold a password.
    private static func validatedURL(_ settings: SMTPTransport.Settings) throws(TransportError) -> String {
        guard let components = URLComponents(string: settings.url),
            let scheme = components.scheme?.lowercased(), scheme == "smtp" || scheme == "smtps",
            let host = components.host, !host.isEmpty
        else {
            throw TransportError(
                .configuration, reply: "the SMTP url must look like smtp://host:port or smtps://host:port")
        }
        guard components.user == nil, components.password == nil else {
            throw TransportError(
                .configuration, reply: "the SMTP url must not hold credentials; set username and password")
        }
        guard components.path.isEmpty || components.path == "/", components.query == nil, components.fragment == nil
        else {
            throw TransportError(
                .configuration, reply: "the SMTP url must not have a path; set heloName for the EHLO name")
        }
        guard settings.connectTimeout > .zero, settings.timeout > .zero else {
            throw TransportError(.configuration, reply: "the SMTP connectTimeout and timeout must be positive")
        }
        var url = settings.url
        if url.hasSuffix("/") { url.removeLast() }
        if let heloName = settings.heloName {
            // libcurl takes the EHLO name from the URL path: smtp://host/heloname.
            guard !heloName.isEmpty,
                heloName.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-.".contains($0)) })
            else {
                throw TransportError(.configuration, reply: "heloName must be a host name, e.g. mail.example.com")
            }
            url += "/\(heloName)"
        }
        return url
    }
}
