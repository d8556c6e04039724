internal import CCurl

/// A `curl_slist`, freed when the last Swift reference goes. libcurl does not copy lists passed to
/// options such as `CURLOPT_MAIL_RCPT`, so the owner keeps this alive until the transfer is over.
final class CurlStringList {
    let head: UnsafeMutablePointer<curl_slist>

    /// Fails only when libcurl cannot allocate, or when `strings` is empty.
    init?(_ strings: [String]) {
        var head: UnsafeMutablePointer<curl_slist>?
        for string in strings {
            guard let appended = curl_slist_append(head, string) else {
                curl_slist_free_all(head)
                return nil
            }
            head = appended
        }
        guard let head else { return nil }
        self.head = head
    }

    deinit {
        curl_slist_free_all(head)
    }
}
