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

    /// Parses a request body or an import line (`name` says which in the reason); text that is
    /// not JSON is refused as a whole (`field` empty), a key written twice in one object is
    /// refused naming it (which of the two a parser keeps differs between parsers).
    public static func parse(_ text: Data, as name: String) throws(IngestRejection) -> JSONValue {
        if let problem = JSONValidator.problem(in: Array(text)) {
            if let key = problem.duplicateKey {
                throw IngestRejection(field: key, reason: "appears twice in one object; give each key once")
            }
            throw IngestRejection(field: "", reason: "\(name) is not valid JSON (\(problem))")
        }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: text) else {
            throw IngestRejection(field: "", reason: "\(name) is not valid JSON")
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
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            if let problem = ControlCharacter.problem(in: name, rule: .identifier) {
                throw IngestRejection(field: "\(field).\(name.debugDescription)", reason: "the name \(problem)")
            }
            guard let attribute = value.attributeValue else {
                throw IngestRejection(
                    field: "\(field).\(name)", reason: "is \(value.kindName); give text, a number or true/false")
            }
            if case .string(let text) = attribute, let problem = ControlCharacter.problem(in: text, rule: .text) {
                throw IngestRejection(field: "\(field).\(name)", reason: problem)
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
