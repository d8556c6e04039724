import RapportCore

extension TransportError {
    /// Sorts a failed SMTP transfer into what the delivery logic acts on: try again later, give up
    /// on this message, or stop and fix Rapport's setup.
    ///
    /// A 4xx/5xx reply decides, unless Rapport's own setup is at fault (TLS, credentials, URL),
    /// which no retry and no other message would fix. Failures without a reply (refused, dropped,
    /// timed out) are temporary. `reply` is the server's line when it refused, else curl's message.
    init(curlCode: CurlCode, serverReply: SMTPReply?, responseCode: Int, curlMessage: String) {
        let rejectionCode: Int? =
            if let serverReply {
                serverReply.isRejection ? serverReply.code : nil
            } else {
                responseCode >= 400 ? responseCode : nil
            }
        let reply =
            if let serverReply, serverReply.isRejection {
                serverReply.text
            } else if Self.droppedConnections.contains(curlCode) {
                serverReply.map { "connection closed by the server in the middle of the message, after '\($0.text)'" }
                    ?? "connection closed by the server before it answered"
            } else {
                [curlMessage.isEmpty ? curlCode.description : curlMessage, Self.hint(for: curlCode)]
                    .compactMap(\.self).joined(separator: "; ")
            }
        self.init(Self.code(for: curlCode, rejectionCode: rejectionCode), reply: reply)
    }

    private static func code(for curlCode: CurlCode, rejectionCode: Int?) -> Code {
        if setupFailures.contains(curlCode) { return .configuration }
        guard let rejectionCode else { return .temporary }
        if authenticationRejections.contains(rejectionCode) { return .configuration }
        return rejectionCode < 500 ? .temporary : .permanent
    }

    /// What the operator should check, for the failures a retry does not cure.
    private static func hint(for curlCode: CurlCode) -> String? {
        switch curlCode {
        case .useSSLFailed:
            "the server offers no STARTTLS: use an smtps:// url, or starttls off only for a trusted relay"
        case .loginDenied, .authError:
            "check the SMTP username and password"
        case .sslConnectError, .sslCertProblem, .peerFailedVerification, .sslCACertBadFile:
            "check the url's scheme and port (smtps:// is TLS from the first byte, usually port 465) and caFile"
        case .unsupportedProtocol, .urlMalformat, .couldntResolveHost:
            "check the SMTP url"
        default:
            nil
        }
    }

    /// Curl results that mean the URL, TLS or credentials are wrong. A 535 (bad credentials)
    /// arrives as `loginDenied`: it is permanent, but not the message's fault, so it must not
    /// mark customers undeliverable. Failed TLS handshakes and certificate checks come from a
    /// wrong port, scheme or CA, not from a passing network fault.
    private static let setupFailures: Set<CurlCode> = [
        .unsupportedProtocol, .urlMalformat, .notBuiltIn, .badFunctionArgument, .unknownOption,
        .sslConnectError, .sslCertProblem, .peerFailedVerification, .sslCACertBadFile,
        .useSSLFailed, .loginDenied, .authError,
    ]

    /// The connection ended under the transfer: the server closed it (idle, overloaded, restarting).
    private static let droppedConnections: Set<CurlCode> = [.gotNothing, .sendError, .receiveError]

    /// RFC 4954: authentication required (530), mechanism too weak (534), credentials invalid
    /// (535), encryption required (538). The server refuses Rapport, not the recipient.
    private static let authenticationRejections: Set<Int> = [530, 534, 535, 538]
}
