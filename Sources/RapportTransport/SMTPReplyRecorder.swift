internal import CCurl

/// Keeps the server's reply to the last command of a transfer, read from libcurl's trace.
///
/// libcurl reports only a reply's code; the text (`550 5.1.1 ... Recipient address rejected`) is
/// what an operator needs, so it is taken from the incoming header lines. When libcurl gives up
/// on a connection it sends QUIT in the same transfer; the `221` answer to that says nothing about
/// the message and is skipped.
final class SMTPReplyRecorder {
    private(set) var lastReply: SMTPReply?
    private var awaitingQuitReply = false

    /// Forgets the previous transfer's reply.
    func reset() {
        lastReply = nil
        awaitingQuitReply = false
    }

    /// Outgoing lines are only inspected for QUIT; they may hold credentials and are not kept.
    func record(_ type: curl_infotype, _ bytes: UnsafeRawBufferPointer) {
        switch type {
        case CURLINFO_HEADER_OUT:
            awaitingQuitReply = bytes.starts(with: "QUIT".utf8)
        case CURLINFO_HEADER_IN:
            if awaitingQuitReply {
                awaitingQuitReply = false
            } else {
                lastReply = SMTPReply(line: String(decoding: bytes, as: UTF8.self))
            }
        default:
            break
        }
    }
}
