/// The batch forms of ingest: `{"<name>": [item, …]}`, all items valid or the batch refused.
/// `parse` gets each item with its index.
enum IngestBatch {
    /// More items than this in one request is refused: a sender splits, the store writes each
    /// batch in one transaction of bounded size.
    static let maximumItems = 10_000

    static func items<Item>(
        named name: String, in body: JSONValue, _ parse: (JSONValue, Int) throws(IngestRejection) -> Item
    ) throws(IngestRejection) -> [Item] {
        guard case .object(let fields) = body, let list = fields[name] else {
            throw IngestRejection(field: name, reason: "is required: {\"\(name)\": [ … ]}")
        }
        guard case .array(let values) = list else {
            throw IngestRejection(field: name, reason: "is \(list.kindName); give a list")
        }
        guard !values.isEmpty else { throw IngestRejection(field: name, reason: "is empty") }
        guard values.count <= maximumItems else {
            throw IngestRejection(
                field: name, reason: "has \(values.count) items; send at most \(maximumItems) per request")
        }
        var items: [Item] = []
        for (index, value) in values.enumerated() {
            do {
                items.append(try parse(value, index))
            } catch {
                throw error.nested(under: "\(name)[\(index)]")
            }
        }
        return items
    }
}
