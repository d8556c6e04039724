extension APIRequestShape {
    /// Names a body template may use besides the customer's fields and `attributes.<name>`: the
    /// message Rapport rendered and where it comes from, as in the `json` preset.
    public static let templateFields: Set<String> = Set(MessageFields.names.map { "message.\($0)" })

    /// For `rapport check`: why `template` does not render to JSON when the customer has every
    /// field it names, or nil when it does. Each value is `0`, which is valid both between quotes
    /// and as a bare number.
    public static func jsonProblem(in template: Template) -> String? {
        var context: [String: Any] = [:]
        for reference in template.fields {
            let parts = reference.name.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                var group = context[parts[0]] as? [String: String] ?? [:]
                group[parts[1]] = "0"
                context[parts[0]] = group
            } else {
                context[reference.name] = "0"
            }
        }
        let sample = (try? template.render(TemplateValues(context: context, customerID: "sample"))) ?? ""
        return jsonProblem(in: Array(sample.utf8))
    }

    static func render(_ template: Template, delivery: Delivery, fields: MessageFields) throws(TransportError)
        -> [UInt8]
    {
        let customer = delivery.values ?? TemplateValues(context: [:], customerID: delivery.customerID)
        let values = customer.merging(["message": fields.dictionary])
        let text: String
        do {
            text = try template.render(values)
        } catch {
            throw TransportError(.permanent, reply: "cannot render the request body: \(error)")
        }
        let body = Array(text.utf8)
        if let problem = jsonProblem(in: body) {
            throw TransportError(
                .configuration,
                reply:
                    "the body template \(template.location.file) rendered invalid JSON for customer \(delivery.customerID) (\(problem)); check its sections and commas"
            )
        }
        return body
    }

    private static func jsonProblem(in body: [UInt8]) -> String? {
        JSONValidator.problem(in: body)?.description
    }
}
