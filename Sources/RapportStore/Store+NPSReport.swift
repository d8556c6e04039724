public import Foundation
internal import GRDB
public import RapportCore

extension Store {
    /// Survey answers given in `start..<end`, with the kind of the interaction each surveyed.
    public func surveyAnswers(from start: Date, to end: Date, campaignIDs: [String]?) throws(StoreError)
        -> [NPSBreakdown.Answer]
    {
        try perform {
            try engine.read { db in
                try db.fetchAll(
                    sql: """
                        SELECT a.campaign_id, a.answered_at, a.score, e.kind
                        FROM nps_answers a
                        LEFT JOIN events e ON e.customer_id = a.customer_id AND a.occurrence = 'interaction:' || e.id
                        WHERE a.answered_at >= ? AND a.answered_at < ?
                        ORDER BY a.answered_at
                        """, arguments: [start, end]
                ).filter { campaignIDs?.contains($0["campaign_id"]) ?? true }.map {
                    NPSBreakdown.Answer(answeredAt: $0["answered_at"], score: $0["score"], interactionKind: $0["kind"])
                }
            }
        }
    }
}
