/// An addr-spec (`local@domain`) that is safe to put in a header or an SMTP command.
///
/// Customer data is untrusted: an address holding CR, LF, spaces, angle brackets or commas could
/// add a recipient or a header, so such values never become an `EmailAddress`.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public init(_ raw: String) throws(AddressError) {
        let address = raw.trimmingCharactersInWhitespace()
        guard !address.isEmpty else { throw AddressError(address: raw, reason: "is empty") }
        guard address.utf8.count <= 254 else { throw AddressError(address: raw, reason: "is longer than 254 octets") }
        guard address.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else {
            throw AddressError(address: raw, reason: "contains a space or a control character")
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last, !local.isEmpty, !domain.isEmpty else {
            throw AddressError(address: raw, reason: "must have the form local@domain")
        }
        let forbidden = Set("<>(),;:\\\"[]")
        guard !address.contains(where: { forbidden.contains($0) }) else {
            throw AddressError(address: raw, reason: "contains a character not allowed in an address")
        }
        guard local.utf8.count <= 64 else {
            throw AddressError(address: raw, reason: "has a local part over 64 octets")
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }) else {
            throw AddressError(address: raw, reason: "has an invalid domain '\(domain)'")
        }
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            throw AddressError(address: raw, reason: "has an invalid local part")
        }
        self.value = address
    }

    public var domain: Substring { value[value.index(after: value.firstIndex(of: "@")!)...] }

    public var description: String { value }
}

/// Why a string is not a usable address.
public struct AddressError: Error, Sendable, Equatable, CustomStringConvertible {
    public let address: String
    public let reason: String

    public var description: String { "address \(address.debugDescription) \(reason)" }
}

extension StringProtocol {
    func trimmingCharactersInWhitespace() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
