/// The body of `PUT /v1/customers/{id}` (and each item of the batch form): the customer's fields
/// by their import column names, and free attributes under `attributes`. Fields left out keep
/// their stored value; an unknown top-level field is refused, so a typo is not silently dropped.
public enum CustomerUpdate {
    /// A patch for customer `id` (from the path; a body `id` must match it).
    public static func patch(id: String?, from body: JSONValue) throws(IngestRejection) -> CustomerPatch {
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
            patch = try CustomerRow.patch(from: row)
        } catch {
            throw IngestRejection(field: error.field, reason: error.reason)
        }
        if let attributes = fields["attributes"] {
            patch.attributes.merge(try attributes.attributes(field: "attributes")) { $1 }
        }
        return patch
    }

    /// `{"customers": [{…with id…}, …]}`: every item must be valid, or none is applied.
    public static func batch(from body: JSONValue) throws(IngestRejection) -> [CustomerPatch] {
        try IngestBatch.items(named: "customers", in: body) { item throws(IngestRejection) in
            try patch(id: nil, from: item)
        }
    }
}
