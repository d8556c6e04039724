public import Foundation

/// How links in messages are built: where the daemon's HTTP service is reachable and the key
/// that signs every token.
public struct LinkSettings: Sendable, Equatable {
    /// e.g. `https://hoamai.example/rapport`, without a trailing slash.
    public var baseURL: String
    public var signer: LinkSigner
    public var npsExpiry: TimeSpan
    /// Score links of one survey fetched within this span of each other are a mail scanner's
    /// sweep, not an answer (`ScoreLinkFetch.isSweep`).
    public var npsScanWindow: TimeSpan

    public static let defaultScanWindow = TimeSpan(seconds: 30)

    public init(
        baseURL: String, signer: LinkSigner, npsExpiry: TimeSpan, npsScanWindow: TimeSpan = Self.defaultScanWindow
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.signer = signer
        self.npsExpiry = npsExpiry
        self.npsScanWindow = npsScanWindow
    }

    /// The eleven score links, 0 to 10, each carrying the same signed survey token.
    public func npsLinks(customerID: String, campaignID: String, occurrence: OccurrenceKey, at now: Date) -> [String] {
        let token = messageToken(
            .nps, customerID: customerID, campaignID: campaignID, occurrence: occurrence,
            expiresAt: now.addingTimeInterval(npsExpiry.timeInterval))
        return (0...10).map { "\(baseURL)/nps/\(token)?score=\($0)" }
    }

    /// A signed token of `purpose` for one message: survey, unsubscribe, open or click (`target`);
    /// only survey tokens expire.
    func messageToken(
        _ purpose: LinkToken.Purpose, customerID: String, campaignID: String, occurrence: OccurrenceKey,
        expiresAt: Date? = nil, target: String? = nil
    ) -> String {
        signer.sign(
            LinkToken(
                purpose: purpose, customerID: customerID, campaignID: campaignID, occurrence: occurrence,
                expiresAt: expiresAt, target: target))
    }

    /// The customer's way out, for the List-Unsubscribe header and `{{unsubscribe_url}}`. It never
    /// expires: a customer must be able to leave from a mail of years ago.
    public func unsubscribeURL(customerID: String, campaignID: String, occurrence: OccurrenceKey) -> String {
        "\(baseURL)/u/\(messageToken(.unsubscribe, customerID: customerID, campaignID: campaignID, occurrence: occurrence))"
    }
}
