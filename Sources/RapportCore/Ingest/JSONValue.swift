public import Foundation

/// A parsed JSON value, kept as written so ingest can name the exact field that is wrong and say
/// what it holds instead ("is a number, give text").
public enum JSONValue: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JSONValue].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Parses a request body; a body that is not JSON is rejected as a whole (`field` empty).
    public static func parse(_ body: Data) throws(IngestRejection) -> JSONValue {
        guard JSONValidator.problem(in: Array(body)) == nil,
            let value = try? JSONDecoder().decode(JSONValue.self, from: body)
        else {
            let problem = JSONValidator.problem(in: Array(body)) ?? "not JSON"
            throw IngestRejection(field: "", reason: "the body is not valid JSON (\(problem))")
        }
        return value
    }

    /// How the value is described in an error.
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "true/false"
        case .number: "a number"
        case .string: "text"
        case .array: "a list"
        case .object: "an object"
        }
    }

    /// An object of customer attributes or event properties (`field` names it in errors); each
    /// value text, a number or true/false.
    func attributes(field: String) throws(IngestRejection) -> [String: AttributeValue] {
        guard case .object(let values) = self else {
            throw IngestRejection(field: field, reason: "is \(kindName); give an object")
        }
        var attributes: [String: AttributeValue] = [:]
        for (name, value) in values {
            guard let attribute = value.attributeValue else {
                throw IngestRejection(
                    field: "\(field).\(name)", reason: "is \(value.kindName); give text, a number or true/false")
            }
            attributes[name] = attribute
        }
        return attributes
    }

    /// A customer attribute or event property: text, a number or true/false.
    var attributeValue: AttributeValue? {
        switch self {
        case .bool(let value): .bool(value)
        case .number(let value): .number(value)
        case .string(let value): .string(value)
        case .null, .array, .object: nil
        }
    }
}
