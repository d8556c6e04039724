import Foundation
import RapportCore
import RapportStore

extension [PurchaseHistory] {
    /// Each customer's RFM tier at `end`, in the same order: scored against everyone here.
    func rfmTiers(at end: Date) -> [RFMTier] {
        RFMScore.scores(
            for: map {
                RFMScore.Facts(
                    daysSinceLastPurchase: Int(end.timeIntervalSince($0.lastPurchase) / 86_400),
                    purchases: $0.amounts.count, totalSpent: $0.amounts.reduce(0, +))
            }
        ).map(\.tier)
    }

    /// Lifetime value overall and, when a segment attribute was read, per its values.
    func lifetimeValues(segmented: Bool, lifespan: Double?) -> [SegmentLifetimeValue] {
        SegmentLifetimeValue.rows(map { ($0.segment, $0.amounts) }, segmented: segmented, lifespan: lifespan)
    }
}
