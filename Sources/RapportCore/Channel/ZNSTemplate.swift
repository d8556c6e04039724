/// A Zalo Notification Service template as a campaign names it: the id Zalo approved, and each
/// parameter's value as a Mustache template over the customer's fields.
///
/// ZNS shows the values inside its own approved layout, as plain text: nothing is HTML-escaped.
/// Zalo refuses a value longer than its parameter allows (`-112 Template data invalid`), so each
/// value has a maximum length, checked before the message is sent.
public struct ZNSTemplate: Sendable {
    public struct Parameter: Sendable {
        public var name: String
        public var value: Template
        /// Characters Zalo allows for this parameter.
        public var maximumLength: Int

        public init(name: String, value: Template, maximumLength: Int = ZNSTemplate.defaultMaximumLength) {
            self.name = name
            self.value = value
            self.maximumLength = maximumLength
        }
    }

    /// Zalo's limit for most parameter types (names, codes, short texts); an address or a longer
    /// text is declared with its own `max`.
    public static let defaultMaximumLength = 30

    public var templateID: String
    /// In the order written.
    public var parameters: [Parameter]

    public init(templateID: String, parameters: [Parameter]) {
        self.templateID = templateID
        self.parameters = parameters
    }

    /// The parameters' values for one customer; a value that is too long, or a field the
    /// customer lacks, makes the message unsendable by this channel.
    public func data(_ values: TemplateValues) throws(TemplateError) -> [String: String] {
        var data: [String: String] = [:]
        for parameter in parameters {
            let value = try parameter.value.render(values).singleLine
            guard value.count <= parameter.maximumLength else {
                throw TemplateError(
                    .tooLong, at: parameter.value.location, field: parameter.name,
                    message:
                        "ZNS parameter \(parameter.name) is \(value.count) characters for customer \(values.customerID); the template allows \(parameter.maximumLength)"
                )
            }
            data[parameter.name] = value
        }
        return data
    }
}
