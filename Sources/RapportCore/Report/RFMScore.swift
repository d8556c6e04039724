/// Where one customer stands against the rest of the population on recency (how lately they
/// bought), frequency (how often) and monetary value (how much), each from 1 (bottom fifth) to 5
/// (top fifth).
///
/// Scores are relative, not thresholds in days or currency, so the same tiers work for a café and
/// for a yearly subscription; they must be recomputed when the population changes.
public struct RFMScore: Sendable, Hashable, CustomStringConvertible {
    /// One customer's purchase history, the input to `scores(for:)`.
    public struct Facts: Sendable, Equatable {
        /// Whole days from the last purchase to the report date; fewer is better.
        public var daysSinceLastPurchase: Int
        /// Purchases in the period the report covers.
        public var purchases: Int
        /// Sum of those purchases, in the store's currency; must be finite.
        public var totalSpent: Double

        public init(daysSinceLastPurchase: Int, purchases: Int, totalSpent: Double) {
            self.daysSinceLastPurchase = daysSinceLastPurchase
            self.purchases = purchases
            self.totalSpent = totalSpent
        }
    }

    public static let range = 1...5

    public var recency: Int
    public var frequency: Int
    public var monetary: Int

    /// Each score must be in 1…5.
    public init(recency: Int, frequency: Int, monetary: Int) {
        precondition(
            Self.range.contains(recency) && Self.range.contains(frequency) && Self.range.contains(monetary),
            "RFM scores are 1...5")
        self.recency = recency
        self.frequency = frequency
        self.monetary = monetary
    }

    public var tier: RFMTier { RFMTier(self) }

    public var description: String { "R\(recency) F\(frequency) M\(monetary)" }

    /// The scores of every customer in `population`, in the same order.
    ///
    /// A customer's score on one measure is 5 − the whole fifths of the population strictly better
    /// than them: with n customers and b of them better, 5 − ⌊5b / n⌋. Equal values therefore always
    /// get the same score, whatever the order of the input, and share the highest score of their
    /// block: a biggest spender tied with a few others is still in the top fifth, not pushed down by
    /// the tie. A population where everyone is equal scores 5. O(n log n).
    public static func scores(for population: [Facts]) -> [RFMScore] {
        let recency = quintiles(population.map(\.daysSinceLastPurchase), higherIsBetter: false)
        let frequency = quintiles(population.map(\.purchases), higherIsBetter: true)
        let monetary = quintiles(population.map(\.totalSpent), higherIsBetter: true)
        return population.indices.map {
            RFMScore(recency: recency[$0], frequency: frequency[$0], monetary: monetary[$0])
        }
    }

    static func quintiles<Value: Comparable>(_ values: [Value], higherIsBetter: Bool) -> [Int] {
        let sorted = values.sorted()
        return values.map { value in
            let better =
                higherIsBetter
                ? sorted.count - sorted.partitionPoint(where: { $0 > value })
                : sorted.partitionPoint(where: { $0 >= value })
            return 5 - 5 * better / sorted.count
        }
    }
}

extension Array {
    /// Index of the first element for which `isInSecondPart` holds, the array being partitioned so
    /// that it holds for a suffix; binary search.
    fileprivate func partitionPoint(where isInSecondPart: (Element) -> Bool) -> Int {
        var low = startIndex
        var high = endIndex
        while low < high {
            let middle = low + (high - low) / 2
            if isInSecondPart(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
