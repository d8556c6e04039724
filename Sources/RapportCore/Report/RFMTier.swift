/// A named group of customers by RFM score: what the loyalty report counts and what a campaign
/// targets (a thank-you for `champions`, a save attempt for `at_risk`).
///
/// The raw values are the names operators write in campaign files; renaming one breaks them.
/// Cases are declared best first, the order the report lists them in.
public enum RFMTier: String, Sendable, CaseIterable {
    /// Bought lately, often and the most: reward them, ask for reviews and referrals.
    case champions
    /// Buy regularly and not long ago: keep them with early access and loyalty offers.
    case loyal
    /// Bought lately but rarely: a second purchase is what turns them into loyal customers.
    case potential
    /// Used to buy often, not lately: the customers a save attempt is for.
    case atRisk = "at_risk"
    /// Rare buyers who have not bought for a while: a low-cost reminder at most.
    case hibernating
    /// Rarely bought, and the longest ago: not worth more than a last win-back.
    case lost

    /// One rule of `rules`: the tier of any score inside all three ranges.
    public struct Rule: Sendable {
        public var tier: RFMTier
        public var recency: ClosedRange<Int>
        public var frequency: ClosedRange<Int>
        public var monetary: ClosedRange<Int>

        public func matches(_ score: RFMScore) -> Bool {
            recency.contains(score.recency) && frequency.contains(score.frequency)
                && monetary.contains(score.monetary)
        }
    }

    /// The whole definition of the tiers, read top to bottom; the first rule that matches wins.
    ///
    /// | tier        | recency | frequency | monetary | so in practice                        |
    /// |-------------|---------|-----------|----------|----------------------------------------|
    /// | champions   | 4–5     | 4–5       | 4–5      | top two fifths on all three            |
    /// | loyal       | 3–5     | 3–5       | any      | recent and frequent, not a champion    |
    /// | potential   | 4–5     | 1–5       | any      | recent, frequency 1–2                  |
    /// | at_risk     | 1–2     | 3–5       | any      | frequent once, not lately              |
    /// | hibernating | 2–3     | 1–5       | any      | frequency 1–2, recency 2–3             |
    /// | lost        | any     | any       | any      | everyone else: recency 1, frequency 1–2 |
    ///
    /// Frequency and recency decide; monetary only separates champions from loyal customers, so a
    /// single large order does not make a customer loyal. The last rule matches every score, so
    /// every score has a tier.
    public static let rules: [Rule] = [
        Rule(tier: .champions, recency: 4...5, frequency: 4...5, monetary: 4...5),
        Rule(tier: .loyal, recency: 3...5, frequency: 3...5, monetary: 1...5),
        Rule(tier: .potential, recency: 4...5, frequency: 1...5, monetary: 1...5),
        Rule(tier: .atRisk, recency: 1...2, frequency: 3...5, monetary: 1...5),
        Rule(tier: .hibernating, recency: 2...3, frequency: 1...5, monetary: 1...5),
        Rule(tier: .lost, recency: 1...5, frequency: 1...5, monetary: 1...5),
    ]

    /// The tier of the first rule in `rules` that matches `score`.
    public init(_ score: RFMScore) {
        self = Self.rules.first { $0.matches(score) }?.tier ?? .lost
    }

}
