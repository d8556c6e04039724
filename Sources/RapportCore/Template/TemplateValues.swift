/// What a template can show about one customer, plus values the daemon adds (links, campaign,
/// the event that triggered the message).
public struct TemplateValues: @unchecked Sendable {
    // Mustache renders from `[String: Any]`; only strings and nested string dictionaries go in.
    let context: [String: Any]
    let customerID: String
    /// How `{{#date}}` and `{{#money}}` write values for this message.
    public var formatting: ValueFormatting

    /// `lists` are sections to repeat, such as the eleven NPS score links. `event` is the one an
    /// event-driven message follows: `{{event.id}}` (the business's id, e.g. the order number),
    /// `{{event.kind}}`, `{{event.occurred_at}}` (ISO 8601 in the customer's zone) and
    /// `{{event.properties.<name>}}`.
    public init(
        customer: Customer, extra: [String: String] = [:], lists: [String: [[String: String]]] = [:],
        event: CustomerEvent? = nil, formatting: ValueFormatting = .plain
    ) {
        var context: [String: Any] = [:]
        for name in Customer.fieldNames {
            if let value = customer.fieldValue(named: name) { context[name] = value.description }
        }
        context["attributes"] = customer.attributes.mapValues(\.description)
        for (name, value) in extra { context[name] = value }
        for (name, items) in lists { context[name] = items }
        if let event {
            var fields: [String: Any] = [
                "kind": event.kind, "occurred_at": Timestamp.format(event.occurredAt, in: formatting.zone),
                "properties": event.properties.mapValues(\.description),
            ]
            if let id = event.externalID { fields["id"] = id }
            context["event"] = fields
        }
        self.init(context: context, customerID: customer.id, formatting: formatting)
    }

    init(context: [String: Any], customerID: String, formatting: ValueFormatting = .plain) {
        self.context = context
        self.customerID = customerID
        self.formatting = formatting
    }

    /// The same values with every string passed through `transform` (e.g. JSON escaping);
    /// names and structure stay, so sections and fallbacks behave as before.
    func mapStrings(_ transform: (String) -> String) -> TemplateValues {
        func map(_ value: Any) -> Any {
            switch value {
            case let text as String: transform(text)
            case let fields as [String: String]: fields.mapValues(transform)
            case let items as [[String: String]]: items.map { $0.mapValues(transform) }
            case let nested as [String: Any]: nested.mapValues(map)
            default: value
            }
        }
        return TemplateValues(context: context.mapValues(map), customerID: customerID, formatting: formatting)
    }

    /// These values with `extra` merged in at the top level, replacing any of the same name.
    func merging(_ extra: [String: Any]) -> TemplateValues {
        TemplateValues(context: context.merging(extra) { $1 }, customerID: customerID, formatting: formatting)
    }

    func hasValue(for dottedName: String) -> Bool {
        var current: Any? = context
        for part in dottedName.split(separator: ".") {
            current = (current as? [String: Any])?[String(part)] ?? (current as? [String: String])?[String(part)]
        }
        if let items = current as? [[String: String]] { return !items.isEmpty }
        guard let text = current as? String else { return current != nil }
        return !text.isEmpty
    }
}
