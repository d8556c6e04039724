/// Header fields built from untrusted or free-form text.
///
/// Injection policy: CR, LF, NUL and every other control character are never written raw and never
/// dropped. Text holding one is written as RFC 2047 encoded words, where the character becomes bytes
/// inside base64: it cannot start a new header line, and a reader decodes exactly the text given.
extension HeaderField {
    /// Longest line RFC 5322 allows at all (§2.1.1), excluding the CRLF.
    static let maximumLineLength = 998

    /// Free text such as Subject. Readable ASCII is written as is and folded at spaces; anything
    /// else becomes encoded words: non-ASCII, control characters, `=?` (a reader could decode it as
    /// an encoded word), leading or trailing spaces (which folding and relays do not keep), or a
    /// word too long to fold within 78 octets.
    init(name: String, text: String) {
        self =
            Self.plain(name: name, text: text, lineLimit: Self.preferredLineLength)
            ?? HeaderField(name: name, pieces: Self.encodedPieces(name: name, text: text))
    }

    /// A value Rapport sets itself, which may be structured (`List-Unsubscribe: <https://…>`), where
    /// encoded words would corrupt it. Kept as is, folded at spaces, when it is printable ASCII without
    /// leading or trailing spaces and every line fits in 998 octets; otherwise encoded as free text.
    init(name: String, value: String) {
        self =
            Self.plain(name: name, text: value, lineLimit: Self.maximumLineLength, allowingEncodedWordMarker: true)
            ?? HeaderField(name: name, pieces: Self.encodedPieces(name: name, text: value))
    }

    /// From, To, Reply-To: the display name as atoms, a quoted string or encoded words (by the same
    /// rules as free text), then the address in angle brackets, on its own line if need be.
    init(name: String, mailbox: Mailbox) {
        let address = mailbox.address.value
        guard let displayName = mailbox.displayName, !displayName.isEmpty else {
            self.init(name: name, pieces: [address])
            return
        }
        let phrase =
            Self.plainPhrase(displayName).map(Self.foldablePieces).flatMap { pieces in
                HeaderField(name: name, pieces: pieces).fits(within: Self.preferredLineLength) ? pieces : nil
            } ?? Self.encodedPieces(name: name, text: displayName)
        self.init(name: name, pieces: phrase + [" <\(address)>"])
    }

    private static func plain(
        name: String, text: String, lineLimit: Int, allowingEncodedWordMarker: Bool = false
    ) -> HeaderField? {
        guard text.unicodeScalars.allSatisfy(\.isPrintableASCII), text.first != " ", text.last != " ",
            allowingEncodedWordMarker || !text.contains("=?")
        else { return nil }
        let field = HeaderField(name: name, pieces: foldablePieces(text))
        return field.fits(within: lineLimit) ? field : nil
    }

    /// Atoms when every word is atext (RFC 5322 §3.2.3), else a quoted string with `"` and `\`
    /// escaped; nil when the name needs encoding.
    private static func plainPhrase(_ displayName: String) -> String? {
        guard displayName.unicodeScalars.allSatisfy(\.isPrintableASCII), !displayName.contains("=?") else {
            return nil
        }
        let words = displayName.split(separator: " ", omittingEmptySubsequences: false)
        if words.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy(\.isAtext) }) {
            return displayName
        }
        var quoted = "\""
        for character in displayName {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }

    private static func encodedPieces(name: String, text: String) -> [String] {
        EncodedWord.pieces(for: text, firstWordLength: preferredLineLength - name.utf8.count - 2)
    }

    private func fits(within lineLimit: Int) -> Bool {
        lines.allSatisfy { $0.utf8.count <= lineLimit }
    }
}

extension Unicode.Scalar {
    fileprivate var isPrintableASCII: Bool { (0x20...0x7E).contains(value) }

    fileprivate var isAtext: Bool {
        switch self {
        case "a"..."z", "A"..."Z", "0"..."9": true
        default: "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(self)
        }
    }
}
