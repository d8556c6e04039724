internal import CCurl

/// A libcurl result code, so outcomes are compared by name rather than as bare integers.
///
/// Only the codes Rapport acts on are named; any other code still carries curl's own text.
struct CurlCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    let rawValue: UInt32

    init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    init(_ code: CURLcode) {
        self.init(rawValue: code.rawValue)
    }

    static let ok = CurlCode(CURLE_OK)
    static let unsupportedProtocol = CurlCode(CURLE_UNSUPPORTED_PROTOCOL)
    static let failedInit = CurlCode(CURLE_FAILED_INIT)
    static let urlMalformat = CurlCode(CURLE_URL_MALFORMAT)
    static let notBuiltIn = CurlCode(CURLE_NOT_BUILT_IN)
    static let couldntResolveHost = CurlCode(CURLE_COULDNT_RESOLVE_HOST)
    static let outOfMemory = CurlCode(CURLE_OUT_OF_MEMORY)
    static let sslConnectError = CurlCode(CURLE_SSL_CONNECT_ERROR)
    static let badFunctionArgument = CurlCode(CURLE_BAD_FUNCTION_ARGUMENT)
    static let unknownOption = CurlCode(CURLE_UNKNOWN_OPTION)
    static let sslCertProblem = CurlCode(CURLE_SSL_CERTPROBLEM)
    static let peerFailedVerification = CurlCode(CURLE_PEER_FAILED_VERIFICATION)
    static let useSSLFailed = CurlCode(CURLE_USE_SSL_FAILED)
    static let loginDenied = CurlCode(CURLE_LOGIN_DENIED)
    static let sslCACertBadFile = CurlCode(CURLE_SSL_CACERT_BADFILE)
    static let authError = CurlCode(CURLE_AUTH_ERROR)
    static let gotNothing = CurlCode(CURLE_GOT_NOTHING)
    static let sendError = CurlCode(CURLE_SEND_ERROR)
    static let receiveError = CurlCode(CURLE_RECV_ERROR)

    /// curl's one-line explanation, e.g. "Couldn't connect to server".
    var description: String {
        String(cString: curl_easy_strerror(CURLcode(rawValue: rawValue)))
    }
}

extension CurlCode: Error {}
