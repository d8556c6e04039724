import RapportCore

extension TransportError {
    /// Sorts a request that got no HTTP response: a wrong URL, scheme or certificate is Rapport's
    /// setup, which no retry fixes; anything else (refused, reset, timed out, no such host yet)
    /// may pass, so it is temporary. `curlMessage` names the host and port, never the credential.
    init(httpCurlCode curlCode: CurlCode, curlMessage: String) {
        let message = curlMessage.isEmpty ? curlCode.description : curlMessage
        if Self.httpSetupFailures.contains(curlCode) {
            self.init(
                .configuration,
                reply: "\(message); check the url's scheme and port, verify_certificates and ca_file")
        } else {
            self.init(.temporary, reply: message)
        }
    }

    private static let httpSetupFailures: Set<CurlCode> = [
        .unsupportedProtocol, .urlMalformat, .notBuiltIn, .badFunctionArgument, .unknownOption,
        .sslConnectError, .sslCertProblem, .peerFailedVerification, .sslCACertBadFile,
    ]
}
