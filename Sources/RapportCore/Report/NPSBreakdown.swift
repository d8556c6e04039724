public import Foundation

/// NPS answers grouped by the month they were given (in the business's zone) and by the kind
/// of interaction surveyed, each group with its score.
public struct NPSBreakdown: Sendable, Equatable {
    /// One stored answer, as the report needs it.
    public struct Answer: Sendable, Equatable {
        public var answeredAt: Date
        public var score: Int
        /// The surveyed event's kind (`support_ticket_closed`); nil when it is no longer stored.
        public var interactionKind: String?

        public init(answeredAt: Date, score: Int, interactionKind: String?) {
            self.answeredAt = answeredAt
            self.score = score
            self.interactionKind = interactionKind
        }
    }

    public var overall: NetPromoterScore
    /// `2026-11` → score, in month order.
    public var byMonth: [(month: String, score: NetPromoterScore)]
    /// Interaction kind → score, by kind name.
    public var byInteraction: [(kind: String, score: NetPromoterScore)]

    public init(_ answers: [Answer], zone: TimeZone) throws(NetPromoterScore.InvalidScore) {
        overall = try NetPromoterScore(scores: answers.map(\.score))
        var months: [String: [Int]] = [:]
        var kinds: [String: [Int]] = [:]
        for answer in answers {
            let day = ZonedTime.localDate(of: answer.answeredAt, in: zone)
            months[String(day.description.prefix(7)), default: []].append(answer.score)
            kinds[answer.interactionKind ?? "unknown", default: []].append(answer.score)
        }
        byMonth = try months.keys.sorted().map { month throws(NetPromoterScore.InvalidScore) in
            (month, try NetPromoterScore(scores: months[month]!))
        }
        byInteraction = try kinds.keys.sorted().map { kind throws(NetPromoterScore.InvalidScore) in
            (kind, try NetPromoterScore(scores: kinds[kind]!))
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.overall == rhs.overall && lhs.byMonth.map(\.month) == rhs.byMonth.map(\.month)
            && lhs.byMonth.map(\.score) == rhs.byMonth.map(\.score)
            && lhs.byInteraction.map(\.kind) == rhs.byInteraction.map(\.kind)
            && lhs.byInteraction.map(\.score) == rhs.byInteraction.map(\.score)
    }
}
