/// Quoted-printable body encoding (RFC 2045 §6.7) with line breaks normalised to CRLF.
///
/// Output lines are at most 76 characters, use soft line breaks for longer text, and contain only
/// printable ASCII. `=` always precedes two hex digits or a line break, so the output never holds
/// `=_`, which `MIMEBoundary` relies on. Beyond what the RFC requires, a `.` or `From ` at the start
/// of a line is encoded so naive relays neither dot-stuff nor `>From`-mangle the body.
enum QuotedPrintable {
    static let maximumLineLength = 76

    private static let equals = UInt8(ascii: "=")
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")
    private static let hexDigits = Array("0123456789ABCDEF".utf8)
    private static let fromSpace = Array("From ".utf8)

    /// Encodes `text` as UTF-8; CRLF, a lone LF and a lone CR each become one CRLF line break.
    static func encode(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        for (index, line) in lines(of: Array(text.utf8)).enumerated() {
            if index > 0 { output += [cr, lf] }
            encodeLine(line, into: &output)
        }
        return output
    }

    private static func lines(of bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == cr || byte == lf else {
                index += 1
                continue
            }
            lines.append(bytes[start..<index])
            let isCRLF = byte == cr && index + 1 < bytes.endIndex && bytes[index + 1] == lf
            index += isCRLF ? 2 : 1
            start = index
        }
        lines.append(bytes[start...])
        return lines
    }

    private static func encodeLine(_ line: ArraySlice<UInt8>, into output: inout [UInt8]) {
        var column = 0
        var index = line.startIndex
        while index < line.endIndex {
            let isLast = index == line.endIndex - 1
            let byte = line[index]
            let escaped = mustEscape(byte, isLast: isLast, atLineStart: column == 0, rest: line[index...])
            let width = escaped ? 3 : 1
            // Room for the `=` of a soft break unless this byte ends the line.
            if column + width > maximumLineLength - (isLast ? 0 : 1) {
                output += [equals, cr, lf]
                column = 0
                continue
            }
            if escaped {
                output += [equals, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            } else {
                output.append(byte)
            }
            column += width
            index += 1
        }
    }

    private static func mustEscape(_ byte: UInt8, isLast: Bool, atLineStart: Bool, rest: ArraySlice<UInt8>) -> Bool {
        switch byte {
        case space, tab:
            isLast
        case equals:
            true
        case UInt8(ascii: "."):
            atLineStart
        case UInt8(ascii: "F"):
            atLineStart && rest.starts(with: fromSpace)
        case 0x21...0x7E:
            false
        default:
            true
        }
    }
}
