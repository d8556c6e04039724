/// An address as the suppression list holds it, from what an operator or an export wrote: an
/// email address, a phone number in E.164, or either after a transport's name (`zalo:+84…`) for
/// a number refused by one channel only.
public enum ContactAddress {
    /// The stored form; national phone numbers (leading 0) take `countryCode`.
    public static func normalised(_ text: String, countryCode: Int) throws(AddressError) -> String {
        let trimmed = text.trimmingCharactersInWhitespace()
        guard !trimmed.isEmpty else { throw AddressError(address: text, reason: "is empty") }
        if let colon = trimmed.firstIndex(of: ":"), !trimmed.contains("@") {
            let channel = trimmed[..<colon]
            guard !channel.isEmpty, channel.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) })
            else { throw AddressError(address: text, reason: "is not transport:+number, e.g. zalo:+84912345678") }
            return "\(channel):\(try normalised(String(trimmed[trimmed.index(after: colon)...]), countryCode: countryCode))"
        }
        if trimmed.contains("@") {
            return try EmailAddress(trimmed).value
        }
        do {
            return try PhoneNumber(trimmed, countryCode: countryCode).e164
        } catch {
            throw AddressError(
                address: text, reason: "is neither an email address nor a phone number (\(error.reason))")
        }
    }
}
