#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call. These wrappers
// fix the type of the value for each kind of option, so Swift passes exactly what libcurl reads.

/// For CURLOPTTYPE_LONG and CURLOPTTYPE_VALUES options (flags, enums, timeouts in milliseconds).
static inline CURLcode rapport_curl_setopt_long(CURL *curl, CURLoption option, long value) {
    return curl_easy_setopt(curl, option, value);
}

/// For CURLOPTTYPE_OFF_T options such as CURLOPT_INFILESIZE_LARGE.
static inline CURLcode rapport_curl_setopt_off_t(CURL *curl, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(curl, option, value);
}

/// For CURLOPTTYPE_STRINGPOINT options; libcurl copies the string.
static inline CURLcode rapport_curl_setopt_string(CURL *curl, CURLoption option, const char *value) {
    return curl_easy_setopt(curl, option, value);
}

/// For CURLOPTTYPE_CBPOINT and CURLOPTTYPE_OBJECTPOINT options (callback contexts, the error buffer);
/// libcurl keeps the pointer, so it must outlive its use.
static inline CURLcode rapport_curl_setopt_pointer(CURL *curl, CURLoption option, void *value) {
    return curl_easy_setopt(curl, option, value);
}

/// For CURLOPTTYPE_SLISTPOINT options such as CURLOPT_MAIL_RCPT; libcurl keeps the list.
static inline CURLcode rapport_curl_setopt_slist(CURL *curl, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(curl, option, value);
}

/// CURLOPT_READFUNCTION: supplies the upload (the message) in pieces.
static inline CURLcode rapport_curl_setopt_read_callback(CURL *curl, curl_read_callback callback) {
    return curl_easy_setopt(curl, CURLOPT_READFUNCTION, callback);
}

/// CURLOPT_WRITEFUNCTION: receives the response body in pieces (else libcurl writes it to stdout).
static inline CURLcode rapport_curl_setopt_write_callback(CURL *curl, curl_write_callback callback) {
    return curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, callback);
}

/// CURLOPT_DEBUGFUNCTION: the only place libcurl shows the server's reply lines.
static inline CURLcode rapport_curl_setopt_debug_callback(CURL *curl, curl_debug_callback callback) {
    return curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, callback);
}

/// For CURLINFO_LONG items such as CURLINFO_RESPONSE_CODE.
static inline CURLcode rapport_curl_getinfo_long(CURL *curl, CURLINFO info, long *value) {
    return curl_easy_getinfo(curl, info, value);
}
