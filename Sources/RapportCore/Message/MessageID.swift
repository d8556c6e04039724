internal import Crypto
import Foundation

/// A Message-ID derived from the occurrence, so a resend of the same occurrence carries the same
/// id and the receiving side (or an operator reading a mailbox) can recognise it as a duplicate.
public struct MessageID: Sendable, Hashable, CustomStringConvertible {
    /// The id without angle brackets: `left@domain`.
    public let value: String

    public init(occurrence: OccurrenceKey, campaign: String, customer: String, domain: String) {
        let material = [campaign, customer, occurrence.rawValue].joined(separator: "\u{1F}")
        let digest = SHA256.hash(data: Data(material.utf8))
        self.value = "\(digest.prefix(16).lowercaseHex).rapport@\(domain)"
    }

    public init(rawValue: String) {
        self.value = rawValue
    }

    /// `<value>`, as written in the header.
    public var description: String { "<\(value)>" }
}
