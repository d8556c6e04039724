internal import CCurl

/// The response body libcurl pushes through `CURLOPT_WRITEFUNCTION`, kept up to `limit` bytes:
/// enough for an API's answer in the ledger, never a whole page an error proxy might send.
final class CurlDownload {
    private(set) var bytes: [UInt8] = []
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    func reset() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// Keeps what fits and reports every byte taken, since a short count makes libcurl abort.
    func append(_ buffer: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: buffer.prefix(max(0, limit - bytes.count)))
    }

    /// The C entry point; `context` is this download, passed unretained as `CURLOPT_WRITEDATA`.
    static let writeCallback: curl_write_callback = { data, size, count, context in
        guard let context else { return 0 }
        let download = Unmanaged<CurlDownload>.fromOpaque(context).takeUnretainedValue()
        if let data { download.append(UnsafeRawBufferPointer(start: data, count: size * count)) }
        return size * count
    }
}
