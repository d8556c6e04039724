internal import Crypto
import Foundation

/// The multipart/alternative boundary, derived from the Message-ID so that composing the same
/// message twice gives the same bytes.
///
/// It starts with `=_`, which quoted-printable output can never contain (there `=` is always followed
/// by a hex digit or a line break), so no encoded part can hold a line that looks like a delimiter.
struct MIMEBoundary {
    let value: String

    init(messageID: MessageID) {
        let digest = SHA256.hash(data: Data(messageID.value.utf8))
        value = "=_rapport_" + digest.prefix(12).lowercaseHex
    }
}
