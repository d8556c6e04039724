internal import Crypto
import Foundation

/// The bearer tokens the business's systems use on the ingest API, read from a secrets file of
/// `name token` lines. The name identifies the client in logs and scopes its idempotency keys;
/// the token itself is never logged or echoed.
public struct APITokens: Sendable, Equatable {
    /// A token shorter than this is refused when the file is read: it could be guessed.
    public static let minimumLength = 24

    private let digests: [(client: String, digest: [UInt8])]

    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// Same clients with the same tokens: what a reload compares to say whether the file changed.
    public static func == (left: APITokens, right: APITokens) -> Bool {
        left.digests.map(\.client) == right.digests.map(\.client)
            && left.digests.map(\.digest) == right.digests.map(\.digest)
    }

    /// No client: every ingest request is refused.
    public init() {
        digests = []
    }

    /// Parses the secrets file. Blank lines and `#` comments are skipped.
    public init(file text: String) throws(Invalid) {
        var digests: [(String, [UInt8])] = []
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let trimmed = line.trimmingCharactersInWhitespace()
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let fields = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 2 else {
                throw Invalid(line: index + 1, reason: "write one client per line: <name> <token>")
            }
            guard fields[1].count >= Self.minimumLength else {
                throw Invalid(
                    line: index + 1,
                    reason:
                        "the token of '\(fields[0])' is shorter than \(Self.minimumLength) characters; make one with: head -c 32 /dev/urandom | base64"
                )
            }
            guard !digests.contains(where: { $0.0 == String(fields[0]) }) else {
                throw Invalid(line: index + 1, reason: "the name '\(fields[0])' is used twice")
            }
            digests.append((String(fields[0]), Self.digest(fields[1])))
        }
        self.digests = digests
    }

    public var isEmpty: Bool { digests.isEmpty }

    /// The client whose token `authorization` (`Bearer <token>`) carries, or nil. Every stored
    /// token is compared, each in constant time over fixed-length digests, so the time taken says
    /// nothing about how close a guess was or which client it matched.
    public func client(authorization: String?) -> String? {
        guard let authorization, authorization.count > 7, authorization.prefix(7).lowercased() == "bearer " else {
            return nil
        }
        let presented = Self.digest(authorization.dropFirst(7).trimmingCharactersInWhitespace())
        var match: String?
        for (client, digest) in digests where Self.constantTimeEqual(digest, presented) { match = client }
        return match
    }

    private static func digest<S: StringProtocol>(_ token: S) -> [UInt8] { Array(SHA256.hash(data: Data(token.utf8))) }

    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}

/// Printed with the HTTP service's settings (`ServiceGroup` names a service by its description):
/// the client names only, no digests.
extension APITokens: CustomStringConvertible, CustomReflectable {
    public var description: String { "APITokens(clients: [\(digests.map { $0.client }.joined(separator: ", "))])" }

    public var customMirror: Mirror { Mirror(self, children: ["clients": digests.map { $0.client }]) }
}
