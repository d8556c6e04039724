/// How many parts an SMS text is billed as. A text of GSM 7-bit characters fits 160 in one part
/// (153 per part when split); one character outside that alphabet — any Vietnamese letter with a
/// diacritic — makes the whole text UCS-2: 70 in one part, 67 per part.
public struct SMSLength: Sendable, Equatable, CustomStringConvertible {
    public var characters: Int
    public var isUnicode: Bool
    public var parts: Int

    public init(_ text: String) {
        isUnicode = !text.unicodeScalars.allSatisfy(Self.isGSM7)
        // Characters of the extension table (€, [, ], {, }, …) take two septets.
        characters = isUnicode ? text.utf16.count : text.unicodeScalars.reduce(0) { $0 + (Self.extension.contains($1) ? 2 : 1) }
        let (single, multi) = isUnicode ? (70, 67) : (160, 153)
        parts = characters <= single ? 1 : (characters + multi - 1) / multi
    }

    public var description: String {
        "\(characters) characters, \(isUnicode ? "UCS-2 (70 a part)" : "GSM-7 (160 a part)"), \(parts) part\(parts == 1 ? "" : "s")"
    }

    private static let basic = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
            .unicodeScalars)
    private static let `extension` = Set("^{}\\[~]|€\u{0C}".unicodeScalars)

    static func isGSM7(_ scalar: Unicode.Scalar) -> Bool { basic.contains(scalar) || `extension`.contains(scalar) }
}
