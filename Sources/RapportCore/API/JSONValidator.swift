/// A strict RFC 8259 check of a rendered body, so a template whose sections leave a trailing
/// comma or a missing quote is caught here rather than by the provider. Foundation's parser is
/// lenient (it takes trailing commas, and keeps one of two equal keys), and providers differ in
/// what they forgive.
struct JSONValidator {
    /// Where a JSON text goes wrong.
    struct Problem: Error, CustomStringConvertible {
        var line: Int
        var column: Int
        var message: String
        /// For a key written twice in one object, its path from the top (`events[2].properties.amount`):
        /// which value a parser keeps differs between parsers, so the text is refused, naming it.
        var duplicateKey: String?

        var description: String { "line \(line), column \(column): \(message)" }
    }

    private enum PathComponent {
        case key(String)
        case index(Int)
    }

    private let bytes: [UInt8]
    private var index = 0
    private var path: [PathComponent] = []

    /// nil for one valid JSON text with no key twice in an object; else where it goes wrong.
    static func problem(in bytes: [UInt8]) -> Problem? {
        var validator = JSONValidator(bytes: bytes)
        do throws(Problem) {
            validator.skipWhitespace()
            try validator.value(depth: 0)
            validator.skipWhitespace()
            guard validator.index == bytes.count else { throw validator.failure("text after the end of the JSON") }
            return nil
        } catch {
            return error
        }
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private func failure(_ what: String, duplicateKey: String? = nil) -> Problem {
        let before = bytes[..<min(index, bytes.count)]
        let line = before.count { $0 == UInt8(ascii: "\n") } + 1
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let column = String(decoding: bytes[lineStart..<min(index, bytes.count)], as: UTF8.self).count + 1
        return Problem(line: line, column: column, message: what, duplicateKey: duplicateKey)
    }

    /// The dotted path to `key` in the object being read, e.g. `events[2].properties.amount`.
    private func dottedPath(to key: String) -> String {
        var text = ""
        for component in path + [.key(key)] {
            switch component {
            case .key(let name): text += text.isEmpty ? name : ".\(name)"
            case .index(let position): text += "[\(position)]"
            }
        }
        return text
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, [0x20, 0x09, 0x0A, 0x0D].contains(byte) { index += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(Problem) {
        guard current == byte else { throw failure("expected \(what)") }
        index += 1
    }

    private mutating func value(depth: Int) throws(Problem) {
        guard depth < 512 else { throw failure("nested too deeply") }
        guard let current else { throw failure("expected a value") }
        switch current {
        case UInt8(ascii: "{"): try container(closedBy: "}", keyed: true, depth: depth)
        case UInt8(ascii: "["): try container(closedBy: "]", keyed: false, depth: depth)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw failure("expected a value")
        }
    }

    /// An object (`keyed`, members are `"key": value`) or an array, from its opening bracket to
    /// `close`: members separated by commas, none after the last.
    private mutating func container(closedBy close: Unicode.Scalar, keyed: Bool, depth: Int) throws(Problem) {
        index += 1
        skipWhitespace()
        if current == UInt8(ascii: close) {
            index += 1
            return
        }
        var keys: Set<String> = []
        var position = 0
        while true {
            skipWhitespace()
            if keyed {
                guard current == UInt8(ascii: "\"") else { throw failure("expected a key in double quotes") }
                let keyStart = index
                try string()
                let key = Self.unescaped(bytes[(keyStart + 1)..<(index - 1)])
                guard keys.insert(key).inserted else {
                    index = keyStart
                    throw failure("the key '\(key)' appears twice in one object", duplicateKey: dottedPath(to: key))
                }
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':' after the key")
                skipWhitespace()
                path.append(.key(key))
            } else {
                path.append(.index(position))
                position += 1
            }
            try value(depth: depth + 1)
            path.removeLast()
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                index += 1
                continue
            }
            try expect(UInt8(ascii: close), "',' or '\(close)'")
            return
        }
    }

    private mutating func string() throws(Problem) {
        index += 1
        while let byte = current {
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                index += 1
                guard let escaped = current else { break }
                if escaped == UInt8(ascii: "u") {
                    let digits = bytes[(index + 1)..<min(index + 5, bytes.count)]
                    guard digits.count == 4, digits.allSatisfy(Self.isHexDigit) else {
                        throw failure("expected four hex digits after \\u")
                    }
                    index += 5
                } else {
                    guard Array("\"\\/bfnrt".utf8).contains(escaped) else { throw failure("unknown escape") }
                    index += 1
                }
            case 0..<0x20:
                throw failure("a control character or line break inside a string")
            default:
                index += 1
            }
        }
        throw failure("a string is not closed")
    }

    private mutating func number() throws(Problem) {
        if current == UInt8(ascii: "-") { index += 1 }
        if current == UInt8(ascii: "0") {
            index += 1
        } else {
            try digits()
        }
        if current == UInt8(ascii: ".") {
            index += 1
            try digits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            try digits()
        }
    }

    private mutating func digits() throws(Problem) {
        guard let byte = current, Self.isDigit(byte) else { throw failure("expected a digit") }
        while let byte = current, Self.isDigit(byte) { index += 1 }
    }

    private mutating func literal(_ word: String) throws(Problem) {
        let expected = Array(word.utf8)
        guard bytes[index..<min(index + expected.count, bytes.count)].elementsEqual(expected) else {
            throw failure("expected a value")
        }
        index += expected.count
    }

    /// The text of a string's inside (escapes already checked by `string()`), so `"a"` and
    /// `"\\u0061"` are the same key.
    private static func unescaped(_ inside: ArraySlice<UInt8>) -> String {
        guard inside.contains(UInt8(ascii: "\\")) else { return String(decoding: inside, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        var plain: [UInt8] = []
        var position = inside.startIndex
        func hex(at start: Int) -> UInt32 {
            UInt32(String(decoding: inside[start..<(start + 4)], as: UTF8.self), radix: 16) ?? 0
        }
        func flush() {
            scalars.append(contentsOf: String(decoding: plain, as: UTF8.self).unicodeScalars)
            plain.removeAll()
        }
        while position < inside.endIndex {
            let byte = inside[position]
            guard byte == UInt8(ascii: "\\") else {
                plain.append(byte)
                position += 1
                continue
            }
            flush()
            let escaped = inside[position + 1]
            position += 2
            switch escaped {
            case UInt8(ascii: "u"):
                var code = hex(at: position)
                position += 4
                // A high surrogate followed by `\uDC00`…`\uDFFF` is one character.
                if (0xD800...0xDBFF).contains(code), position + 6 <= inside.endIndex,
                    inside[position] == UInt8(ascii: "\\"), inside[position + 1] == UInt8(ascii: "u")
                {
                    let low = hex(at: position + 2)
                    if (0xDC00...0xDFFF).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        position += 6
                    }
                }
                scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            case UInt8(ascii: "b"): scalars.append("\u{8}")
            case UInt8(ascii: "f"): scalars.append("\u{C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            default: scalars.append(Unicode.Scalar(escaped))
            }
        }
        flush()
        return String(scalars)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }
}
