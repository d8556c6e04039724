/// One request header line, as an operator writes it under `headers:` or a shape sets it.
public struct HTTPHeader: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Why this cannot be sent as a header, or nil when it can. A name is an RFC 9110 token; a
    /// value holds no CR, LF or other control character, so nothing can add a header or end the
    /// request head early. Values are never echoed: one may be a credential.
    public static func problem(name: String, value: String) -> String? {
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(isTokenCharacter) else {
            return "'\(name)' is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)"
        }
        guard value.unicodeScalars.allSatisfy({ $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F) }) else {
            return "the value of \(name) holds a line break or a control character"
        }
        return nil
    }

    private static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII
            && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
    }

    /// `Name: value`, as sent.
    public var description: String { "\(name): \(value)" }
}
