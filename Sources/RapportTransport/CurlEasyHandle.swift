internal import CCurl

/// One libcurl easy handle with typed option setters.
///
/// libcurl keeps the connection of a finished transfer in its handle and reuses it for the next
/// one, so a long-lived handle is what keeps an SMTP session open across a batch. Not thread-safe:
/// the owner confines it.
final class CurlEasyHandle {
    /// Called with each piece of libcurl's protocol trace (`CURLOPT_DEBUGFUNCTION`).
    typealias Trace = (curl_infotype, UnsafeRawBufferPointer) -> Void

    private let curl: UnsafeMutableRawPointer
    /// `CURLOPT_ERRORBUFFER`: libcurl writes a detailed failure message here, and keeps the pointer
    /// for the life of the handle.
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let trace: Trace
    /// Lists handed to libcurl, which reads them during `perform` without copying.
    private var lists: [UInt32: CurlStringList] = [:]
    /// Where the response body goes, once `receiveBody(into:)` set it; libcurl keeps the pointer.
    private var download: CurlDownload?

    init(trace: @escaping Trace) throws(CurlCode) {
        guard CurlGlobal.initialization == .ok else { throw CurlGlobal.initialization }
        guard let curl = curl_easy_init() else { throw .failedInit }
        self.curl = curl
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        self.trace = trace

        try check(rapport_curl_setopt_pointer(curl, CURLOPT_ERRORBUFFER, errorBuffer))
        // libcurl only calls the debug function when verbose; nothing goes to stderr once it is set.
        try set(CURLOPT_VERBOSE, true)
        try check(rapport_curl_setopt_pointer(curl, CURLOPT_DEBUGDATA, Unmanaged.passUnretained(self).toOpaque()))
        try check(
            rapport_curl_setopt_debug_callback(curl) { _, type, data, size, context in
                guard let data, let context else { return 0 }
                let handle = Unmanaged<CurlEasyHandle>.fromOpaque(context).takeUnretainedValue()
                handle.trace(type, UnsafeRawBufferPointer(start: data, count: size))
                return 0
            }
        )
        try check(rapport_curl_setopt_read_callback(curl, CurlUpload.readCallback))
        // Signals are process-wide; a daemon with many threads must not get SIGALRM from libcurl.
        try set(CURLOPT_NOSIGNAL, true)
    }

    deinit {
        curl_easy_cleanup(curl)
        errorBuffer.deallocate()
    }

    func set(_ option: CURLoption, _ value: Int) throws(CurlCode) {
        try check(rapport_curl_setopt_long(curl, option, value))
    }

    func set(_ option: CURLoption, _ value: Bool) throws(CurlCode) {
        try set(option, value ? 1 : 0)
    }

    /// For `CURLOPTTYPE_OFF_T` options such as `CURLOPT_INFILESIZE_LARGE`.
    func set(_ option: CURLoption, size: Int64) throws(CurlCode) {
        try check(rapport_curl_setopt_off_t(curl, option, curl_off_t(size)))
    }

    /// libcurl copies the string, so it need not outlive the call.
    func set(_ option: CURLoption, _ value: String) throws(CurlCode) {
        try check(rapport_curl_setopt_string(curl, option, value))
    }

    /// Keeps the list alive until it is replaced, since libcurl reads it during `perform`.
    func set(_ option: CURLoption, _ values: [String]) throws(CurlCode) {
        guard let list = CurlStringList(values) else { throw .outOfMemory }
        try check(rapport_curl_setopt_slist(curl, option, list.head))
        lists[option.rawValue] = list
    }

    /// Collects every later response body into `download` instead of letting libcurl write it to
    /// standard output.
    func receiveBody(into download: CurlDownload) throws(CurlCode) {
        try check(rapport_curl_setopt_pointer(curl, CURLOPT_WRITEDATA, Unmanaged.passUnretained(download).toOpaque()))
        try check(rapport_curl_setopt_write_callback(curl, CurlDownload.writeCallback))
        self.download = download
    }

    /// The value of a header of the last response (after any `100 Continue`), or nil when it
    /// sent none. When a header appears more than once, the last one counts.
    func responseHeader(_ name: String) -> String? {
        var first: UnsafeMutablePointer<curl_header>?
        // Request -1: the last response of the transfer; CURLH_HEADER: server headers, not trailers.
        guard curl_easy_header(curl, name, 0, UInt32(CURLH_HEADER), -1, &first) == CURLHE_OK,
            let count = first?.pointee.amount, count > 0
        else { return nil }
        var last: UnsafeMutablePointer<curl_header>?
        guard curl_easy_header(curl, name, count - 1, UInt32(CURLH_HEADER), -1, &last) == CURLHE_OK,
            let value = last?.pointee.value
        else { return nil }
        return String(cString: value)
    }

    /// Runs one transfer, blocking the calling thread, with `upload` as the request body.
    func perform(upload bytes: [UInt8]) -> CurlCode {
        errorBuffer[0] = 0
        let upload = CurlUpload(bytes)
        return withExtendedLifetime(upload) {
            let context = Unmanaged.passUnretained(upload).toOpaque()
            do throws(CurlCode) {
                try check(rapport_curl_setopt_pointer(curl, CURLOPT_READDATA, context))
            } catch {
                return error
            }
            let code = CurlCode(curl_easy_perform(curl))
            _ = rapport_curl_setopt_pointer(curl, CURLOPT_READDATA, nil)
            return code
        }
    }

    /// The last reply code the server sent (`CURLINFO_RESPONSE_CODE`), or 0 when there was none.
    var responseCode: Int {
        var code = 0
        guard rapport_curl_getinfo_long(curl, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK else { return 0 }
        return code
    }

    /// Connections the last transfer opened (`CURLINFO_NUM_CONNECTS`): 0 when it reused a kept one.
    var newConnections: Int {
        var count = 0
        guard rapport_curl_getinfo_long(curl, CURLINFO_NUM_CONNECTS, &count) == CURLE_OK else { return 0 }
        return count
    }

    /// libcurl's detailed message for the last failed transfer, or "" when it wrote none.
    var errorMessage: String {
        String(cString: errorBuffer)
    }

    private func check(_ code: CURLcode) throws(CurlCode) {
        guard code == CURLE_OK else { throw CurlCode(code) }
    }
}
