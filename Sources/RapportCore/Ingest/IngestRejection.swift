/// Why an ingest request was refused, naming the field as a path into the body
/// (`events[2].at`, `attributes.plan`) so the sender can fix the one value that is wrong.
public struct IngestRejection: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { field.isEmpty ? reason : "\(field): \(reason)" }

    /// The same rejection for a value nested under `prefix`, e.g. a batch's `customers[3]`.
    func nested(under prefix: String) -> IngestRejection {
        IngestRejection(field: field.isEmpty ? prefix : "\(prefix).\(field)", reason: reason)
    }
}
