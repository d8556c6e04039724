/// A phone number in E.164 form (`+84912345678`): how customers known only by phone are stored,
/// suppressed and addressed, whatever way the shop wrote the number.
///
/// Shops write Vietnamese numbers as `0912 345 678`, `84912345678` or `+84 912 345 678`; all
/// three are the same customer, so they must be the same text in the store and on the
/// suppression list. A national number (leading 0) takes the config's country code.
public struct PhoneNumber: Sendable, Hashable, CustomStringConvertible {
    /// `+` and 8 to 15 digits.
    public let e164: String

    /// Reads `text`, allowing spaces, dots, dashes and parentheses between digits.
    /// `countryCode` (e.g. 84) applies to numbers written with a leading 0, and to numbers that
    /// start with the code but lack the `+`.
    public init(_ text: String, countryCode: Int) throws(PhoneNumberError) {
        let written = text.trimmingCharactersInWhitespace()
        guard !written.isEmpty else { throw PhoneNumberError(written: text, reason: "is empty") }
        var digits = ""
        var plus = false
        for (index, character) in written.enumerated() {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if character == "+", index == 0 {
                plus = true
            } else if !" .-()".contains(character) {
                throw PhoneNumberError(
                    written: text, reason: "holds '\(character)'; give digits, optionally with +, spaces or dashes")
            }
        }
        let code = String(countryCode)
        let international: String
        if plus {
            international = digits
        } else if digits.hasPrefix("00") {
            international = String(digits.dropFirst(2))
        } else if digits.hasPrefix("0") {
            international = code + digits.dropFirst()
        } else if digits.hasPrefix(code), digits.count >= code.count + 8 {
            international = digits
        } else {
            throw PhoneNumberError(
                written: text,
                reason: "has neither a country code (+\(code)…) nor a leading 0 for a national number")
        }
        guard !international.hasPrefix("0") else {
            throw PhoneNumberError(written: text, reason: "has a country code starting with 0")
        }
        guard (8...15).contains(international.count) else {
            throw PhoneNumberError(
                written: text, reason: "has \(international.count) digits with its country code; E.164 allows 8 to 15")
        }
        if international.hasPrefix("84") {
            // Vietnam: a 9-digit national number (mobile 3x, 5x, 7x, 8x, 9x; landline 2x has 10).
            let national = international.dropFirst(2)
            guard national.count == 9 || (national.first == "2" && national.count == 10) else {
                throw PhoneNumberError(
                    written: text,
                    reason: "is not a Vietnamese number: after +84 come 9 digits (10 for a 02… landline)")
            }
        }
        e164 = "+" + international
    }

    /// An E.164 text as stored; nil unless it is exactly that form.
    public init?(e164 text: String) {
        guard text.hasPrefix("+"), (try? PhoneNumber(text, countryCode: 1))?.e164 == text else { return nil }
        e164 = text
    }

    /// Without the `+`: the form Zalo's ZNS and most Vietnamese SMS gateways want (`84912345678`).
    public var digits: String { String(e164.dropFirst()) }

    public var description: String { e164 }
}

/// Why a text is not a usable phone number.
public struct PhoneNumberError: Error, Sendable, Equatable, CustomStringConvertible {
    public let written: String
    public let reason: String

    public var description: String { "\(written.debugDescription) \(reason)" }
}
