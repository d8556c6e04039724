public import Foundation

/// The one check every event passes before the store sees it, whether it came from
/// `rapport import events` (a JSON Lines file) or the ingest API (`POST /v1/events` and its batch
/// form): `{"customer": "C001", "kind": "purchase", "at": "…", "id": "order-1042", "properties":
/// {"amount": 350000}}`. Two paths with two checks once let the import record what the API refused.
///
/// Kinds with a meaning are checked so a campaign never acts on half an event: a `purchase`
/// carries its `amount`, a `renewal` its new `renewal_date`. Times and renewal dates outside
/// `PlausibleDates` are refused.
public enum EventSubmission {
    static let fields: Set<String> = ["customer", "kind", "at", "id", "properties"]

    /// The event `body` describes, checked. `defaultTime` is used when `at` is left out; nil
    /// makes `at` required (an import, where the moment of the import is not when anything
    /// happened). An event without `id` gets one derived from its content, so sending or
    /// importing the same event again records nothing new.
    public static func event(from body: JSONValue, receivedAt now: Date, defaultTime: Date?)
        throws(IngestRejection) -> CustomerEvent
    {
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
            let trimmed = text.trimmingCharactersInWhitespace()
            if let problem = ControlCharacter.problem(in: trimmed, rule: .identifier) {
                throw IngestRejection(field: name, reason: problem)
            }
            return trimmed
        }
        let customer = try text("customer", required: true, example: "\"C001\"")!
        let kind = try text("kind", required: true, example: "\"purchase\"")!
        let example = "\"2026-11-20T09:30:00+07:00\""
        let occurredAt: Date
        if let at = try text("at", required: defaultTime == nil, example: example) {
            guard let date = Timestamp.parse(at) else {
                throw IngestRejection(
                    field: "at", reason: "'\(at)' is not an ISO 8601 time with offset, e.g. 2026-11-20T09:30:00+07:00")
            }
            if let problem = PlausibleDates.problem(instant: date, written: at, now: now) {
                throw IngestRejection(field: "at", reason: problem)
            }
            occurredAt = date
        } else {
            occurredAt = defaultTime ?? now
        }
        var properties: [String: AttributeValue] = [:]
        if let value = object["properties"], value != .null {
            properties = try value.attributes(field: "properties")
        }
        var event = CustomerEvent(
            customerID: customer, kind: kind, occurredAt: occurredAt,
            externalID: try text("id", required: false, example: "\"order-1042\""), properties: properties)
        try check(event, now: now)
        if event.externalID == nil { event.externalID = event.contentID }
        return event
    }

    /// `{"events": [{…}, …]}`: every item must be valid, or none is applied; `at` defaults to `now`.
    public static func batch(from body: JSONValue, receivedAt now: Date) throws(IngestRejection) -> [CustomerEvent] {
        try IngestBatch.items(named: "events", in: body) { item, _ throws(IngestRejection) in
            try event(from: item, receivedAt: now, defaultTime: now)
        }
    }

    private static func check(_ event: CustomerEvent, now: Date) throws(IngestRejection) {
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
            if let problem = PlausibleDates.problem(renewal: date, now: now) {
                throw IngestRejection(field: "properties.renewal_date", reason: problem)
            }
        default: break
        }
    }
}
