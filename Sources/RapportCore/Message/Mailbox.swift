/// A display name with an address, as in `From: "Hoa Mai" <hello@hoamai.example>`.
public struct Mailbox: Sendable, Hashable, CustomStringConvertible {
    public var displayName: String?
    public var address: EmailAddress

    public init(displayName: String? = nil, address: EmailAddress) {
        self.displayName = displayName
        self.address = address
    }

    /// Parses `Name <local@domain>` or a bare address, as operators write it in the config.
    public init(parsing text: String) throws(AddressError) {
        let trimmed = text.trimmingCharactersInWhitespace()
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            var name = trimmed[..<open].trimmingCharactersInWhitespace()
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
                name = String(name.dropFirst().dropLast())
            }
            let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
            self.init(displayName: name.isEmpty ? nil : name, address: try EmailAddress(String(inner)))
        } else {
            self.init(address: try EmailAddress(trimmed))
        }
    }

    public var description: String {
        guard let displayName, !displayName.isEmpty else { return address.value }
        return "\(displayName) <\(address.value)>"
    }
}
