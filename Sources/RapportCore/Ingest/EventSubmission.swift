public import Foundation

/// The body of `POST /v1/events` (and each item of the batch form), the same shape as a line of
/// `rapport import events`: `{"customer": "C001", "kind": "purchase", "at": "…", "id": "order-1042",
/// "properties": {"amount": 350000}}`. `at` defaults to when the request arrives.
///
/// Kinds with a meaning are checked so a campaign never acts on half an event: a `purchase`
/// carries its `amount`, a `renewal` its new `renewal_date`.
public enum EventSubmission {
    static let fields: Set<String> = ["customer", "kind", "at", "id", "properties"]

    public static func event(from body: JSONValue, receivedAt now: Date) throws(IngestRejection) -> CustomerEvent {
        guard case .object(let object) = body else {
            throw IngestRejection(field: "", reason: "the body must be a JSON object with customer, kind and at")
        }
        if let unknown = object.keys.sorted().first(where: { !fields.contains($0) }) {
            throw IngestRejection(
                field: unknown, reason: "unknown field; use \(fields.sorted().joined(separator: ", "))")
        }
        func text(_ name: String, required: Bool, example: String) throws(IngestRejection) -> String? {
            guard let value = object[name], value != .null else {
                if required { throw IngestRejection(field: name, reason: "is required, e.g. \(example)") }
                return nil
            }
            guard case .string(let text) = value, !text.trimmingCharactersInWhitespace().isEmpty else {
                throw IngestRejection(field: name, reason: "is \(value.kindName); give text, e.g. \(example)")
            }
            return text.trimmingCharactersInWhitespace()
        }
        let customer = try text("customer", required: true, example: "\"C001\"")!
        let kind = try text("kind", required: true, example: "\"purchase\"")!
        var occurredAt = now
        if let at = try text("at", required: false, example: "\"2026-11-20T09:30:00+07:00\"") {
            guard let date = Timestamp.parse(at) else {
                throw IngestRejection(
                    field: "at", reason: "'\(at)' is not an ISO 8601 time with offset, e.g. 2026-11-20T09:30:00+07:00")
            }
            occurredAt = date
        }
        let externalID = try text("id", required: false, example: "\"order-1042\"")
        var properties: [String: AttributeValue] = [:]
        if let value = object["properties"], value != .null {
            properties = try value.attributes(field: "properties")
        }
        let event = CustomerEvent(
            customerID: customer, kind: kind, occurredAt: occurredAt, externalID: externalID, properties: properties)
        try check(event)
        return event
    }

    /// `{"events": [{…}, …]}`: every item must be valid, or none is applied.
    public static func batch(from body: JSONValue, receivedAt now: Date) throws(IngestRejection) -> [CustomerEvent] {
        try IngestBatch.items(named: "events", in: body) { item throws(IngestRejection) in
            try event(from: item, receivedAt: now)
        }
    }

    private static func check(_ event: CustomerEvent) throws(IngestRejection) {
        switch event.kind {
        case "purchase":
            guard case .number(let amount) = event.properties["amount"], amount >= 0, amount.isFinite else {
                throw IngestRejection(
                    field: "properties.amount", reason: "a purchase needs its amount as a number of 0 or more")
            }
        case CustomerEvent.renewalKind:
            guard case .string(let text) = event.properties["renewal_date"], let date = LocalDate(text),
                date.year != 0
            else {
                throw IngestRejection(
                    field: "properties.renewal_date",
                    reason: "a renewal needs the next renewal date as YYYY-MM-DD, e.g. \"2027-11-20\"")
            }
        default: break
        }
    }
}
