/// One header field, kept as the pieces it may be folded between so that it can be written in
/// lines of at most 78 octets (RFC 5322 §2.1.1) without changing what a reader unfolds.
struct HeaderField {
    /// The line length RFC 5322 asks for; longer lines only when a single piece cannot be split.
    static let preferredLineLength = 78

    let name: String
    /// The field body in order. Every piece after the first starts with a space: folding inserts
    /// CRLF before that space, and unfolding (removing the CRLF) gives the body back unchanged.
    let pieces: [String]

    /// The physical lines, without line endings. The first piece always stays on the name's line.
    var lines: [String] {
        var lines: [String] = []
        var current = name + ":"
        for (index, piece) in pieces.enumerated() {
            if index == 0 {
                current += " " + piece
            } else if current.utf8.count + piece.utf8.count > Self.preferredLineLength {
                lines.append(current)
                current = piece
            } else {
                current += piece
            }
        }
        lines.append(current)
        return lines
    }

    /// The lines, each ended by CRLF.
    var bytes: [UInt8] {
        lines.flatMap { Array($0.utf8) + [0x0D, 0x0A] }
    }

    /// Splits printable text before each space that follows a non-space, so that no folded line
    /// ends in whitespace and no continuation line is whitespace only.
    static func foldablePieces(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var previous: Character?
        for character in text {
            if character == " ", let previous, previous != " " {
                pieces.append(current)
                current = ""
            }
            current.append(character)
            previous = character
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}
