import Crypto
import Foundation

extension CustomerEvent {
    /// An id for an event sent without one, derived from what it says — customer, kind, instant
    /// and properties — so the same line imported twice, or the same request sent again, is
    /// recognised as already recorded. `sha256:` keeps it apart from the business's own ids.
    /// Two events equal in all of these are one event.
    var contentID: String {
        struct Canonical: Encodable {
            var customer: String
            var kind: String
            var at: Double
            var properties: [String: AttributeValue]
        }
        let canonical = Canonical(
            customer: customerID, kind: kind, at: occurredAt.timeIntervalSince1970, properties: properties)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(canonical)) ?? Data()
        return "sha256:" + SHA256.hash(data: data).lowercaseHex
    }
}
