internal import Crypto
import Foundation

/// The `Idempotency-Key` every API request carries, derived from the occurrence through its
/// Message-ID: a retry of the same occurrence (after a timeout, a 429, a 5xx, a restart) sends the
/// same key, so a provider that honours the header sends the message once.
///
/// Shaped as a UUID (RFC 9562 version 8, the first 16 bytes of SHA-256 of the Message-ID) because
/// that is what the IETF Idempotency-Key draft recommends and what the strictest providers accept.
public struct IdempotencyKey: Sendable, Hashable, CustomStringConvertible {
    /// `9b1f2c4e-51d3-8a7b-9c0d-1e2f3a4b5c6d`: lower-case hex.
    public let value: String

    public init(messageID: MessageID) {
        var bytes = Array(SHA256.hash(data: Data(messageID.value.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80  // version 8: custom, here name-based on SHA-256
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // the RFC 9562 variant
        let hex = bytes.lowercaseHex
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex.dropFirst(range.lowerBound).prefix(range.count))
        }
        self.value = groups.joined(separator: "-")
    }

    public var description: String { value }
}
