public import Foundation
internal import GRDB
public import RapportCore

extension Store {
    /// Stores an answer, replacing an earlier one to the same survey (a comment left out keeps the
    /// earlier comment), sets the customer's `nps_score` and `nps_category`, and records or updates
    /// the `nps_answer` event, all in one transaction. Returns the answer as stored (with the
    /// earlier comment when this one has none); nil when the customer is not in the store.
    @discardableResult
    public func record(_ answer: SurveyAnswer, at now: Date) throws(StoreError) -> SurveyAnswer? {
        try perform { try engine.write { db in try Self.store(answer, at: now, in: db) } }
    }

    /// `record`'s work inside a transaction.
    static func store(_ answer: SurveyAnswer, at now: Date, in db: any StoreSession) throws -> SurveyAnswer? {
        guard
            var customer = try CustomerColumns.fetchAll(
                db, sql: "SELECT * FROM customers WHERE id = ?", arguments: [answer.customerID]
            ).first
        else { return nil }
        let stored = try db.fetchOne(
            sql: """
                INSERT INTO nps_answers (customer_id, campaign_id, occurrence, score, comment, first_answered_at, answered_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (customer_id, campaign_id, occurrence) DO UPDATE SET
                    score = excluded.score, comment = COALESCE(excluded.comment, nps_answers.comment),
                    answered_at = excluded.answered_at
                RETURNING comment
                """,
            arguments: [
                answer.customerID, answer.campaignID, answer.occurrence.rawValue, answer.score, answer.comment,
                now, now,
            ])
        customer.attributes[SurveyAnswer.scoreAttribute] = .number(Double(answer.score))
        customer.attributes[SurveyAnswer.categoryAttribute] = .string(answer.category.rawValue)
        try save(customer, isNew: false, at: now, in: db)
        let event = answer.event(at: now)
        let properties = String(decoding: try JSONEncoder.sorted.encode(event.properties), as: UTF8.self)
        try db.execute(
            sql: """
                INSERT INTO events (customer_id, kind, occurred_at, external_id, properties, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (customer_id, external_id) WHERE external_id IS NOT NULL
                DO UPDATE SET properties = excluded.properties
                """,
            arguments: [event.customerID, event.kind, event.occurredAt, event.externalID, properties, now])
        var kept = answer
        kept.comment = stored?["comment"]
        return kept
    }

    /// The stored answer to one survey, if the customer answered it.
    public func surveyAnswer(customerID: String, campaignID: String, occurrence: OccurrenceKey) throws(StoreError)
        -> SurveyAnswer?
    {
        try perform {
            try engine.read { db in
                try db.fetchOne(
                    sql: """
                        SELECT score, comment FROM nps_answers
                        WHERE customer_id = ? AND campaign_id = ? AND occurrence = ?
                        """, arguments: [customerID, campaignID, occurrence.rawValue]
                ).flatMap {
                    SurveyAnswer(
                        customerID: customerID, campaignID: campaignID, occurrence: occurrence, score: $0["score"],
                        comment: $0["comment"])
                }
            }
        }
    }
}
