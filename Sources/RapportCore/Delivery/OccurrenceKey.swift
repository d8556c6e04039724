/// Names one firing of a trigger for one customer: `signup` for a welcome, the year for a
/// birthday. The ledger's unique (campaign, customer, occurrence) makes each fire at most once.
public struct OccurrenceKey: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }
}
