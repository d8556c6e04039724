/// An import file's bytes as lines of text, each checked as UTF-8 on its own: one bad byte (an
/// export from a legacy system, a file cut mid-character) costs its own line, named, and every
/// other line is read. Decoding the whole file at once would refuse it all with no line number.
///
/// Lines end at LF, CRLF or a lone CR, as `CSVRecords` counts them; a UTF-8 byte-order mark
/// before the first line is dropped.
public struct ImportText: Sendable {
    public struct Line: Sendable {
        /// 1-based.
        public var number: Int
        /// The line without its line break; a line that is not valid UTF-8 has U+FFFD in place of
        /// the bad bytes, and is never imported.
        public var text: String
        public var isValidUTF8: Bool
        /// `\n`, `\r\n`, `\r`, or empty at the end of the file: kept so a quoted CSV field that
        /// spans lines keeps its line breaks as written.
        var lineBreak: String
    }

    public let lines: [Line]

    /// The reason a line that is not UTF-8 is refused with.
    public static let invalidUTF8 = "the line is not valid UTF-8"

    public init(_ bytes: [UInt8]) {
        var lines: [Line] = []
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var position = start
        func endLine(at end: Int, lineBreak: String) {
            let slice = bytes[start..<end]
            let valid = String(validating: slice, as: UTF8.self)
            lines.append(
                Line(
                    number: lines.count + 1, text: valid ?? String(decoding: slice, as: UTF8.self),
                    isValidUTF8: valid != nil, lineBreak: lineBreak))
        }
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\n"):
                endLine(at: position, lineBreak: "\n")
                position += 1
                start = position
            case UInt8(ascii: "\r"):
                let crlf = position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "\n")
                endLine(at: position, lineBreak: crlf ? "\r\n" : "\r")
                position += crlf ? 2 : 1
                start = position
            default:
                position += 1
            }
        }
        if start < bytes.count { endLine(at: bytes.count, lineBreak: "") }
        self.lines = lines
    }

    /// The whole file as text, for parsers whose records may span lines (CSV).
    var joined: String { lines.map { $0.text + $0.lineBreak }.joined() }

    /// Numbers of the lines that are not valid UTF-8.
    var invalidLineNumbers: Set<Int> { Set(lines.filter { !$0.isValidUTF8 }.map(\.number)) }
}
