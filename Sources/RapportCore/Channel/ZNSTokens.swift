public import Foundation

/// A Zalo app's tokens: a short-lived access token, and the refresh token that renews it — once.
/// Zalo answers a renewal with a new refresh token and refuses the old one from then on, so the
/// new one must be kept before anything else is done with the answer.
public struct ZNSTokens: Sendable, Equatable {
    public var accessToken: String?
    public var accessExpiresAt: Date?
    public var refreshToken: String

    public init(accessToken: String?, accessExpiresAt: Date?, refreshToken: String) {
        self.accessToken = accessToken
        self.accessExpiresAt = accessExpiresAt
        self.refreshToken = refreshToken
    }

    /// The access token, unless it expires within `margin` of `now`.
    public func usableAccessToken(at now: Date, margin: TimeInterval = 300) -> String? {
        guard let accessToken else { return nil }
        if let accessExpiresAt, accessExpiresAt.timeIntervalSince(now) < margin { return nil }
        return accessToken
    }
}

/// Where the tokens of each Zalo app live, shared by every daemon on the store: the refresh token
/// is single-use, so one renewal at a time across all of them (a lease on the row), and its result
/// written at once, in its own transaction.
public protocol ZNSTokenVault: Sendable {
    func tokens(appID: String) throws -> ZNSTokens?
    /// Takes the right to renew until `until`, returning the tokens to renew from; nil while
    /// another renewal (this daemon's or another's) holds it, or when no refresh token was ever set.
    func beginRenewal(appID: String, owner: String, until: Date, at now: Date) throws -> ZNSTokens?
    /// Keeps the renewed tokens and ends the renewal.
    func finishRenewal(appID: String, owner: String, tokens: ZNSTokens, at now: Date) throws
    /// Ends a renewal that failed, so another may try.
    func abandonRenewal(appID: String, owner: String) throws
}
