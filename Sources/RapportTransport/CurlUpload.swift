internal import CCurl

/// The bytes libcurl pulls through `CURLOPT_READFUNCTION` during one upload.
final class CurlUpload {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Copies the next piece into libcurl's buffer; returning 0 tells libcurl the upload is complete.
    func read(into buffer: UnsafeMutableRawPointer, capacity: Int) -> Int {
        let count = min(capacity, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }

    /// The C entry point; `context` is this upload, passed unretained as `CURLOPT_READDATA`.
    static let readCallback: curl_read_callback = { buffer, size, count, context in
        guard let buffer, let context else { return 0 }
        let upload = Unmanaged<CurlUpload>.fromOpaque(context).takeUnretainedValue()
        return upload.read(into: buffer, capacity: size * count)
    }
}
