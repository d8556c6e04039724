/// An RFC 3463 enhanced mail system status code (`5.1.1`), as SMTP servers put it after the
/// reply code: `550 5.1.1 <x@example.com>: Recipient address rejected`.
public struct EnhancedStatusCode: Sendable, Equatable, CustomStringConvertible {
    public var statusClass: Int
    public var subject: Int
    public var detail: Int

    /// The first enhanced code in a server reply, if it has one.
    public init?(reply: String) {
        for word in reply.split(whereSeparator: { $0 == " " || $0 == "-" }).prefix(3) {
            let parts = word.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3, let statusClass = Int(parts[0]), [2, 4, 5].contains(statusClass),
                let subject = Int(parts[1]), let detail = Int(parts[2])
            else { continue }
            self.statusClass = statusClass
            self.subject = subject
            self.detail = detail
            return
        }
        return nil
    }

    /// `5.1.x`: the address itself is bad (no such mailbox, bad domain), for good: no campaign
    /// should send to it again.
    public var isPermanentAddressFailure: Bool { statusClass == 5 && subject == 1 }

    public var description: String { "\(statusClass).\(subject).\(detail)" }
}
