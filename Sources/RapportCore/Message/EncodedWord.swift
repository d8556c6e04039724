import Foundation

/// RFC 2047 "B" encoded words (`=?UTF-8?B?…?=`) for header text that cannot be written as plain
/// ASCII. Base64 rather than Q: Vietnamese, CJK and emoji are mostly non-ASCII, where base64 is
/// shorter, and its alphabet is safe in every header context (phrase as well as free text).
enum EncodedWord {
    /// RFC 2047 §2: an encoded word is at most 75 characters long.
    static let maximumLength = 75

    private static let prefix = "=?UTF-8?B?"
    private static let suffix = "?="

    /// Encodes `text` as header pieces (see `HeaderField.pieces`): the first word at most
    /// `firstWordLength` characters so it fits beside the field name, later words at most 75.
    ///
    /// Words break between grapheme clusters, so every word decodes to valid UTF-8 on its own and a
    /// letter is never parted from its combining marks; only a cluster too long for a whole word is
    /// split, between its scalars.
    static func pieces(for text: String, firstWordLength: Int) -> [String] {
        let laterCapacity = capacity(forLength: maximumLength)
        var capacity = capacity(forLength: min(firstWordLength, maximumLength))
        var chunks: [[UInt8]] = []
        var current: [UInt8] = []

        func startNextWord() {
            chunks.append(current)
            current = []
            capacity = laterCapacity
        }

        for character in text {
            let bytes = Array(character.utf8)
            if current.count + bytes.count > capacity, !current.isEmpty {
                startNextWord()
            }
            if current.count + bytes.count <= capacity {
                current += bytes
                continue
            }
            for scalar in character.unicodeScalars {
                let scalarBytes = Array(Character(scalar).utf8)
                if current.count + scalarBytes.count > capacity {
                    startNextWord()
                }
                current += scalarBytes
            }
        }
        if !current.isEmpty {
            chunks.append(current)
        }
        return chunks.enumerated().map { index, chunk in
            (index == 0 ? "" : " ") + prefix + Data(chunk).base64EncodedString() + suffix
        }
    }

    /// The most UTF-8 bytes whose base64 fits a word of `length` characters; never less than one
    /// scalar's worth, so a very long field name still leaves room for progress.
    private static func capacity(forLength length: Int) -> Int {
        let groups = (length - prefix.utf8.count - suffix.utf8.count) / 4
        return max(groups, 2) * 3
    }
}
