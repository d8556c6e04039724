/// A strict RFC 8259 check of a rendered body, so a template whose sections leave a trailing
/// comma or a missing quote is caught here rather than by the provider. Foundation's parser is
/// lenient (it takes trailing commas), and providers differ in what they forgive.
struct JSONValidator {
    private let bytes: [UInt8]
    private var index = 0

    /// nil for one valid JSON text; else where it goes wrong, as `line L, column C: what`.
    static func problem(in bytes: [UInt8]) -> String? {
        var validator = JSONValidator(bytes: bytes)
        do throws(Failure) {
            validator.skipWhitespace()
            try validator.value(depth: 0)
            validator.skipWhitespace()
            guard validator.index == bytes.count else { throw validator.failure("text after the end of the JSON") }
            return nil
        } catch {
            return error.message
        }
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private struct Failure: Error {
        var message: String
    }

    private func failure(_ what: String) -> Failure {
        let before = bytes[..<min(index, bytes.count)]
        let line = before.count { $0 == UInt8(ascii: "\n") } + 1
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let column = String(decoding: bytes[lineStart..<min(index, bytes.count)], as: UTF8.self).count + 1
        return Failure(message: "line \(line), column \(column): \(what)")
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, [0x20, 0x09, 0x0A, 0x0D].contains(byte) { index += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        guard current == byte else { throw failure("expected \(what)") }
        index += 1
    }

    private mutating func value(depth: Int) throws(Failure) {
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
    private mutating func container(closedBy close: Unicode.Scalar, keyed: Bool, depth: Int) throws(Failure) {
        index += 1
        skipWhitespace()
        if current == UInt8(ascii: close) {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            if keyed {
                guard current == UInt8(ascii: "\"") else { throw failure("expected a key in double quotes") }
                try string()
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':' after the key")
                skipWhitespace()
            }
            try value(depth: depth + 1)
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                index += 1
                continue
            }
            try expect(UInt8(ascii: close), "',' or '\(close)'")
            return
        }
    }

    private mutating func string() throws(Failure) {
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

    private mutating func number() throws(Failure) {
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

    private mutating func digits() throws(Failure) {
        guard let byte = current, Self.isDigit(byte) else { throw failure("expected a digit") }
        while let byte = current, Self.isDigit(byte) { index += 1 }
    }

    private mutating func literal(_ word: String) throws(Failure) {
        let expected = Array(word.utf8)
        guard bytes[index..<min(index + expected.count, bytes.count)].elementsEqual(expected) else {
            throw failure("expected a value")
        }
        index += expected.count
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }
}
