public import Foundation
internal import GRDB

extension Store {
    /// When the campaign was last evaluated to the end, if ever: the start of the next tick's
    /// search for occurrences that no evaluation saw.
    public func lastEvaluation(of campaignID: String) throws(StoreError) -> Date? {
        try perform {
            try engine.read { db in
                try db.fetchOne(
                    Date.self, sql: "SELECT evaluated_at FROM campaign_evaluations WHERE campaign_id = ?",
                    arguments: [campaignID])
            }
        }
    }

    /// Records that the campaign was evaluated at `now`. Never moves back, so a tick with a
    /// clock behind another's cannot make the next one search a span twice.
    public func recordEvaluation(of campaignID: String, at now: Date) throws(StoreError) {
        try perform {
            try engine.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO campaign_evaluations (campaign_id, evaluated_at) VALUES (?, ?)
                        ON CONFLICT (campaign_id) DO UPDATE SET evaluated_at = \(dialect.greatest("campaign_evaluations.evaluated_at", "excluded.evaluated_at"))
                        """, arguments: [campaignID, now])
            }
        }
    }
}
