internal import Crypto
public import Foundation

/// Signs link tokens with HMAC-SHA256 and verifies them in constant time.
///
/// A token is `v1.<payload>.<mac>`, both parts base64url without padding; the payload holds the
/// purpose, customer, campaign, occurrence and expiry, so none of them can be changed without the
/// key. Every kind of bad token — malformed, forged, expired, wrong purpose — gives the same
/// `nil`, so an answer never tells an attacker which part was wrong.
public struct LinkSigner: Sendable, Equatable {
    /// Raw bytes: swift-crypto's `SymmetricKey` is not `Sendable`, so one is made per use.
    private let secret: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: secret) }

    /// `secret` comes from the signing-key file; at least 32 bytes, so it cannot be guessed.
    public init?(secret: [UInt8]) {
        guard secret.count >= 32 else { return nil }
        self.secret = secret
    }

    public func sign(_ token: LinkToken) -> String {
        let payload = Data(Self.payload(of: token).utf8)
        let mac = Data(HMAC<SHA256>.authenticationCode(for: payload, using: key))
        return "v1.\(payload.base64URL).\(mac.base64URL)"
    }

    /// The token if `text` was signed with this key, is for `purpose`, and has not expired at `now`.
    public func verify(_ text: String, purpose: LinkToken.Purpose, at now: Date) -> LinkToken? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", let payload = Data(base64URL: parts[1]),
            let mac = Data(base64URL: parts[2]),
            HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: payload, using: key),
            let token = Self.token(from: String(decoding: payload, as: UTF8.self)), token.purpose == purpose
        else { return nil }
        if let expiresAt = token.expiresAt, expiresAt <= now { return nil }
        return token
    }

    /// Fields joined by a unit separator, which ids from campaign files and exports never hold; a
    /// click token's destination is a sixth field.
    static func payload(of token: LinkToken) -> String {
        let expiry = token.expiresAt.map { String(Int64($0.timeIntervalSince1970)) } ?? "-"
        let fields = [token.purpose.rawValue, token.customerID, token.campaignID, token.occurrence.rawValue, expiry]
        return (fields + (token.target.map { [$0] } ?? [])).joined(separator: "\u{1F}")
    }

    static func token(from payload: String) -> LinkToken? {
        let fields = payload.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 5 || fields.count == 6, let purpose = LinkToken.Purpose(rawValue: fields[0]) else {
            return nil
        }
        var expiresAt: Date?
        if fields[4] != "-" {
            guard let seconds = Int64(fields[4]) else { return nil }
            expiresAt = Date(timeIntervalSince1970: Double(seconds))
        }
        return LinkToken(
            purpose: purpose, customerID: fields[1], campaignID: fields[2],
            occurrence: OccurrenceKey(rawValue: fields[3]), expiresAt: expiresAt,
            target: fields.count == 6 ? fields[5] : nil)
    }
}

extension Data {
    /// base64url without padding (RFC 4648 §5): safe in a URL path.
    /// Byte by byte: Foundation's `replacingOccurrences` took 3% of a delivery worker's CPU.
    var base64URL: String {
        var bytes = Array(base64EncodedString().utf8)
        bytes.removeAll { $0 == UInt8(ascii: "=") }
        for index in bytes.indices {
            switch bytes[index] {
            case UInt8(ascii: "+"): bytes[index] = UInt8(ascii: "-")
            case UInt8(ascii: "/"): bytes[index] = UInt8(ascii: "_")
            default: break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    init?(base64URL text: Substring) {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            return nil
        }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), data.base64URL == text else {
            // Unused low bits in the last character would let one token have several spellings.
            return nil
        }
        self = data
    }
}

/// A service is named by its description in `ServiceGroup` errors and logs, settings and all; the
/// key must not be printed with it.
extension LinkSigner: CustomStringConvertible, CustomReflectable {
    public var description: String { "LinkSigner(secret: <redacted>)" }

    public var customMirror: Mirror { Mirror(self, children: ["secret": "<redacted>"]) }
}
