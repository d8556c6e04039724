public import Foundation

/// The body of `PUT /v1/customers/{id}` (and each item of the batch form): the customer's fields
/// by their import column names, and free attributes under `attributes`. Fields left out keep
/// their stored value; an unknown top-level field is refused, so a typo is not silently dropped.
public enum CustomerUpdate {
    /// The customer id a path segment names, percent-decoded: `KH%20001` is customer `KH 001`, so
    /// one person is one customer however a client encodes the path.
    public static func id(pathSegment: String) throws(IngestRejection) -> String {
        guard let id = pathSegment.removingPercentEncoding else {
            throw IngestRejection(
                field: "id",
                reason:
                    "'\(pathSegment)' is not valid percent-encoding; encode the id's UTF-8 bytes as %XX, e.g. KH%20001 for 'KH 001'"
            )
        }
        return id
    }

    /// A patch for customer `id` (from the path; a body `id` must match it), dates checked at `now`,
    /// national phone numbers read with `countryCode`.
    public static func patch(id: String?, from body: JSONValue, now: Date, countryCode: Int) throws(IngestRejection)
        -> CustomerPatch
    {
        guard case .object(let fields) = body else {
            throw IngestRejection(field: "", reason: "the body must be a JSON object of customer fields")
        }
        var row: [String: AttributeValue] = [:]
        for (name, value) in fields where name != "attributes" {
            guard CustomerRow.columns.contains(name) else {
                throw IngestRejection(
                    field: name,
                    reason:
                        "unknown field; use \(CustomerRow.columns.sorted().joined(separator: ", ")), or attributes: { … } for your own"
                )
            }
            if value == .null { continue }
            guard case .string(let text) = value else {
                throw IngestRejection(field: name, reason: "is \(value.kindName); give text")
            }
            row[name] = .string(text)
        }
        if let id {
            if let bodyID = row["id"]?.description, bodyID != id {
                throw IngestRejection(field: "id", reason: "'\(bodyID)' differs from the id in the path '\(id)'")
            }
            row["id"] = .string(id)
        }
        var patch: CustomerPatch
        do {
            patch = try CustomerRow.patch(from: row, now: now, countryCode: countryCode)
        } catch {
            throw IngestRejection(field: error.field, reason: error.reason)
        }
        if let attributes = fields["attributes"] {
            patch.attributes.merge(try attributes.attributes(field: "attributes")) { $1 }
        }
        return patch
    }

    /// `{"customers": [{…with id…}, …]}`: every item must be valid, or none is applied. An id
    /// given twice is refused: which of the two should win is the sender's to say.
    public static func batch(from body: JSONValue, now: Date, countryCode: Int) throws(IngestRejection)
        -> [CustomerPatch]
    {
        var positions = CustomerIDPositions()
        return try IngestBatch.items(named: "customers", in: body) {
            (item, index) throws(IngestRejection) -> CustomerPatch in
            let update = try patch(id: nil, from: item, now: now, countryCode: countryCode)
            if let first = positions.record(update.id, at: index) {
                throw IngestRejection(field: "id", reason: "'\(update.id)' already appears at customers[\(first)]")
            }
            return update
        }
    }
}
