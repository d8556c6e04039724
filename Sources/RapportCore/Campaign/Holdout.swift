internal import Crypto
import Foundation

/// A control group: a fixed share of a campaign's customers who are recorded as `held_out`
/// instead of messaged, so the report can compare what they did with what messaged customers did.
///
/// Membership is a hash of campaign and customer, so the same customer stays in (or out of) the
/// group of a campaign for good — across ticks, restarts and occurrences — and groups of
/// different campaigns are independent.
public struct Holdout: Sendable, Equatable {
    /// 0 < share < 1, e.g. 0.1 for `holdout: 10%`.
    public var share: Double

    public init?(share: Double) {
        guard share > 0, share < 1 else { return nil }
        self.share = share
    }

    public func contains(customerID: String, campaignID: String) -> Bool {
        let digest = SHA256.hash(data: Data("\(campaignID)\u{1F}\(customerID)".utf8))
        let value = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Double(value) / Double(UInt64.max) < share
    }
}
