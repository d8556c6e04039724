import Foundation

/// A strict reader for what `MessageComposer` writes, so tests can check composed bytes decode back
/// to the original text. It rejects anything the composer must never produce: bare CR or LF, header
/// lines over 998 octets, encoded words over 75 characters or not valid UTF-8 on their own, and
/// quoted-printable lines over 76 characters or with trailing whitespace.
struct DecodedMessage {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Physical header lines, without CRLF.
    let headerLines: [String]
    /// Unfolded fields in order; the value without the space after the colon.
    let fields: [(name: String, value: String)]
    /// Each field's physical lines, in the same order as `fields`.
    let fieldLines: [(name: String, lines: [String])]
    let body: [UInt8]

    init(_ bytes: [UInt8]) throws {
        try Self.checkLineEndings(bytes)
        let separator = Array("\r\n\r\n".utf8)
        guard let end = bytes.firstRange(of: separator) else { throw Failure(description: "no blank line") }
        let headerBytes = bytes[..<end.lowerBound]
        guard headerBytes.allSatisfy({ $0 < 0x80 }) else { throw Failure(description: "non-ASCII header byte") }
        headerLines = String(decoding: headerBytes, as: UTF8.self).components(separatedBy: "\r\n")
        var fields: [(name: String, value: String)] = []
        var fieldLines: [(name: String, lines: [String])] = []
        for line in headerLines {
            guard line.utf8.count <= 998 else { throw Failure(description: "header line over 998: \(line)") }
            if line.hasPrefix(" ") || line.hasPrefix("\t") {
                guard !fields.isEmpty, line.contains(where: { $0 != " " && $0 != "\t" }) else {
                    throw Failure(description: "bad continuation line \(line.debugDescription)")
                }
                fields[fields.count - 1].value += line
                fieldLines[fieldLines.count - 1].lines.append(line)
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { throw Failure(description: "no colon: \(line)") }
            var value = line[line.index(after: colon)...]
            if value.hasPrefix(" ") { value = value.dropFirst() }
            fields.append((String(line[..<colon]), String(value)))
            fieldLines.append((String(line[..<colon]), [line]))
        }
        self.fields = fields
        self.fieldLines = fieldLines
        body = Array(bytes[end.upperBound...])
    }

    func values(_ name: String) -> [String] {
        fields.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    func value(_ name: String) throws -> String {
        let found = values(name)
        guard found.count == 1 else { throw Failure(description: "\(found.count) \(name) fields") }
        return found[0]
    }

    /// The parts of a multipart body: it must open with a delimiter line, close with the closing
    /// delimiter and a final CRLF, and hold no other line starting with the delimiter.
    func parts(boundary: String) throws -> [DecodedMessage] {
        let text = String(decoding: body, as: UTF8.self)
        let opening = "--\(boundary)\r\n"
        let closing = "\r\n--\(boundary)--\r\n"
        guard text.hasPrefix(opening), text.hasSuffix(closing) else {
            throw Failure(description: "multipart body does not open and close with the delimiter")
        }
        let inner = String(text.dropFirst(opening.count).dropLast(closing.count))
        let parts = inner.components(separatedBy: "\r\n--\(boundary)\r\n")
        guard parts.allSatisfy({ !$0.contains("--\(boundary)") }) else {
            throw Failure(description: "stray delimiter inside a part")
        }
        return try parts.map { try DecodedMessage(Array($0.utf8)) }
    }

    /// Every LF is preceded by CR and every CR followed by LF.
    static func checkLineEndings(_ bytes: [UInt8]) throws {
        for (index, byte) in bytes.enumerated() {
            let bare =
                (byte == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A))
                || (byte == 0x0A && (index == 0 || bytes[index - 1] != 0x0D))
            if bare { throw Failure(description: "bare CR or LF at \(index)") }
        }
    }
}

/// RFC 2047 decoding of the "B" words the composer writes; whitespace between adjacent encoded
/// words is dropped as the RFC says.
enum EncodedWordDecoder {
    /// Decoded UTF-8 bytes of an unstructured value, and the encoded words it held.
    static func decode(_ value: String) throws -> (bytes: [UInt8], words: [String]) {
        var bytes: [UInt8] = []
        var words: [String] = []
        var pendingSpace = ""
        var previousWasWord = false
        var token = ""

        func flushToken() throws {
            guard !token.isEmpty else { return }
            if token.hasPrefix("=?") && token.hasSuffix("?=") {
                if !previousWasWord { bytes += Array(pendingSpace.utf8) }
                bytes += try decodeWord(token)
                words.append(token)
                previousWasWord = true
            } else {
                bytes += Array((pendingSpace + token).utf8)
                previousWasWord = false
            }
            pendingSpace = ""
            token = ""
        }

        for character in value {
            if character == " " || character == "\t" {
                try flushToken()
                pendingSpace.append(character)
            } else {
                token.append(character)
            }
        }
        try flushToken()
        bytes += Array(pendingSpace.utf8)
        return (bytes, words)
    }

    static func decodeWord(_ word: String) throws -> [UInt8] {
        guard word.count <= 75 else { throw DecodedMessage.Failure(description: "word over 75: \(word)") }
        let prefix = "=?UTF-8?B?"
        guard word.hasPrefix(prefix), word.hasSuffix("?=") else {
            throw DecodedMessage.Failure(description: "unexpected encoded word \(word)")
        }
        let payload = word.dropFirst(prefix.count).dropLast(2)
        guard let data = Data(base64Encoded: String(payload)) else {
            throw DecodedMessage.Failure(description: "bad base64 in \(word)")
        }
        guard String(validating: data, as: UTF8.self) != nil else {
            throw DecodedMessage.Failure(description: "word is not valid UTF-8 alone: \(word)")
        }
        return Array(data)
    }

    /// A mailbox value (`phrase <addr>` or `addr`): the decoded display name and the address.
    static func decodeMailbox(_ value: String) throws -> (displayName: [UInt8]?, address: String, words: [String]) {
        guard value.hasSuffix(">"), let open = value.lastIndex(of: "<") else { return (nil, value, []) }
        let address = String(value[value.index(after: open)..<value.index(before: value.endIndex)])
        var phrase = value[..<open]
        guard phrase.hasSuffix(" ") else { throw DecodedMessage.Failure(description: "no space before <") }
        phrase.removeLast()
        guard phrase.hasPrefix("\"") else {
            let decoded = try decode(String(phrase))
            return (decoded.bytes, address, decoded.words)
        }
        guard phrase.count >= 2, phrase.hasSuffix("\"") else {
            throw DecodedMessage.Failure(description: "unterminated quoted string \(phrase)")
        }
        var name = ""
        var escaping = false
        for character in phrase.dropFirst().dropLast() {
            if !escaping && character == "\\" {
                escaping = true
            } else {
                name.append(character)
                escaping = false
            }
        }
        return (Array(name.utf8), address, [])
    }
}

enum QuotedPrintableDecoder {
    /// Decodes a quoted-printable body, checking every line is at most 76 characters without
    /// trailing whitespace and every `=` is a soft break or two upper-case hex digits.
    static func decode(_ bytes: ArraySlice<UInt8>) throws -> [UInt8] {
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        var output: [UInt8] = []
        for (number, line) in lines.enumerated() {
            let raw = Array(line.utf8)
            guard raw.count <= 76 else { throw DecodedMessage.Failure(description: "QP line over 76: \(line)") }
            guard raw.last != 0x20, raw.last != 0x09 else {
                throw DecodedMessage.Failure(description: "trailing whitespace: \(line.debugDescription)")
            }
            guard raw.allSatisfy({ (0x20...0x7E).contains($0) || $0 == 0x09 }) else {
                throw DecodedMessage.Failure(description: "unencoded byte in \(line.debugDescription)")
            }
            var index = 0
            var softBreak = false
            while index < raw.count {
                guard raw[index] == UInt8(ascii: "=") else {
                    output.append(raw[index])
                    index += 1
                    continue
                }
                if index == raw.count - 1 {
                    softBreak = true
                    break
                }
                let hex = raw.count >= index + 3 ? String(decoding: raw[index + 1...index + 2], as: UTF8.self) : ""
                guard hex.uppercased() == hex, let value = UInt8(hex, radix: 16) else {
                    throw DecodedMessage.Failure(description: "bad escape in \(line)")
                }
                output.append(value)
                index += 3
            }
            if !softBreak && number < lines.count - 1 { output += [0x0D, 0x0A] }
        }
        return output
    }
}
