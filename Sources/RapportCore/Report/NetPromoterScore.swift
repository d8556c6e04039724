/// Net Promoter Score of a set of 0–10 survey answers ("How likely are you to recommend us?").
///
/// Only the counts are kept, so scores for a month or an interaction kind can be computed from
/// whatever answers the caller selected, and the report can show the three groups beside the score.
public struct NetPromoterScore: Sendable, Equatable {
    /// Where one answer falls. The bands are the standard ones, so Rapport's figure compares with
    /// the NPS a business gets from any other survey tool.
    public enum Category: String, Sendable, CaseIterable {
        /// 9–10: would recommend.
        case promoter
        /// 7–8: satisfied but not enthusiastic; counted in the total, not in the score.
        case passive
        /// 0–6: unhappy enough to speak against the business.
        case detractor

        /// nil for a score outside 0…10, which no survey link can produce.
        public init?(score: Int) {
            switch score {
            case 9...10: self = .promoter
            case 7...8: self = .passive
            case 0...6: self = .detractor
            default: return nil
            }
        }
    }

    /// An answer outside 0…10: a bad import or a tampered link. Rejected rather than clamped so a
    /// wrong answer never moves the score.
    public struct InvalidScore: Error, Sendable, Equatable, CustomStringConvertible {
        public var score: Int
        /// Position of the answer in the list given, to find it in the source data.
        public var index: Int

        public var description: String {
            "answer \(index + 1) is \(score); NPS answers are whole numbers from 0 to 10, fix or remove it"
        }
    }

    public private(set) var promoters = 0
    public private(set) var passives = 0
    public private(set) var detractors = 0

    /// Counts the answers; throws on the first score outside 0…10.
    public init(scores: some Sequence<Int>) throws(InvalidScore) {
        for (index, score) in scores.enumerated() {
            switch Category(score: score) {
            case .promoter: promoters += 1
            case .passive: passives += 1
            case .detractor: detractors += 1
            case nil: throw InvalidScore(score: score, index: index)
            }
        }
    }

    public var responses: Int { promoters + passives + detractors }

    /// % promoters − % detractors, from −100 (all detractors) to 100 (all promoters); nil with no
    /// answers, which is "no data", not a score of 0.
    public var score: Double? {
        guard responses > 0 else { return nil }
        return Double(promoters - detractors) * 100 / Double(responses)
    }
}
