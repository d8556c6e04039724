public import Foundation

/// A customer's answer to one NPS survey: the score picked from the message's links and an
/// optional comment from the answer page. One per survey; answering again changes it.
public struct SurveyAnswer: Sendable, Equatable {
    public var customerID: String
    public var campaignID: String
    /// The surveyed interaction (`interaction:<event id>`).
    public var occurrence: OccurrenceKey
    public var score: Int
    public var comment: String?

    /// Customer attributes the latest answer sets, for audiences of follow-up campaigns
    /// (`nps_category in [detractor]`).
    public static let scoreAttribute = "nps_score"
    public static let categoryAttribute = "nps_category"

    /// Comments longer than this are cut: a page form is no place for an essay, and the limit
    /// bounds what one request can store.
    public static let maximumCommentLength = 2_000

    /// nil for a score outside 0…10.
    public init?(customerID: String, campaignID: String, occurrence: OccurrenceKey, score: Int, comment: String? = nil)
    {
        guard NetPromoterScore.Category(score: score) != nil else { return nil }
        self.customerID = customerID
        self.campaignID = campaignID
        self.occurrence = occurrence
        self.score = score
        let trimmed = comment?.trimmingCharactersInWhitespace() ?? ""
        self.comment = trimmed.isEmpty ? nil : String(trimmed.prefix(Self.maximumCommentLength))
    }

    public var category: NetPromoterScore.Category { NetPromoterScore.Category(score: score)! }

    /// The event a follow-up campaign triggers on; its id makes a changed answer update the one
    /// event instead of adding another.
    public func event(at now: Date) -> CustomerEvent {
        CustomerEvent(
            customerID: customerID, kind: CustomerEvent.npsAnswerKind, occurredAt: now,
            externalID: "nps:\(campaignID):\(occurrence.rawValue)",
            properties: [
                "score": .number(Double(score)), "category": .string(category.rawValue),
                "campaign": .string(campaignID),
            ])
    }
}
