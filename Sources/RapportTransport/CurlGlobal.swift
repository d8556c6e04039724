internal import CCurl

/// libcurl's process-wide setup. `curl_global_init` must run once, before the first handle, and is
/// not thread-safe; a `static let` is initialised exactly once, on first use, under a lock.
enum CurlGlobal {
    /// The result of the one `curl_global_init` call; no handle is made unless it is `.ok`.
    static let initialization = CurlCode(curl_global_init(Int(CURL_GLOBAL_DEFAULT)))
}
