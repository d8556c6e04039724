public import Foundation
internal import GRDB
public import RapportCore

/// What a fetch of a score link did.
public enum ScoreLinkOutcome: Sendable, Equatable {
    /// A person's click: the answer as stored.
    case answered(SurveyAnswer)
    /// Part of a mail scanner's sweep: not an answer. What the sweep's first fetch stored was
    /// undone, and every fetch of it is kept as discarded.
    case sweep
}

extension Store {
    /// A `GET` of a score link: the answer, as `record` stores it, unless another score of the same
    /// survey was fetched within `window` before it (`ScoreLinkFetch.isSweep`). Then none of the
    /// sweep counts: the answer its first fetch stored is taken back (the survey's earlier answer,
    /// if any, is put back with its score; else the answer, its `nps_answer` event and the
    /// customer's `nps_score`/`nps_category` from it are removed). Every fetch is recorded. Nil when
    /// the customer is not in the store.
    public func recordScoreLink(_ answer: SurveyAnswer, at now: Date, window: TimeSpan) throws(StoreError)
        -> ScoreLinkOutcome?
    {
        try perform {
            try engine.write { db -> ScoreLinkOutcome? in
                let survey: StoreArguments = [answer.customerID, answer.campaignID, answer.occurrence.rawValue]
                guard
                    try db.fetchOne(
                        Bool.self, sql: "SELECT 1 FROM customers WHERE id = ?", arguments: [answer.customerID])
                        == true
                else { return nil }
                let recent = try db.fetchAll(
                    sql: """
                        SELECT score, at, discarded, previous_score FROM nps_link_fetches
                        WHERE customer_id = ? AND campaign_id = ? AND occurrence = ? AND at > ? AND at <= ?
                        ORDER BY at, id
                        """, arguments: survey + [now.addingTimeInterval(-window.timeInterval), now])
                let current = try db.fetchOne(
                    Int.self,
                    sql: "SELECT score FROM nps_answers WHERE customer_id = ? AND campaign_id = ? AND occurrence = ?",
                    arguments: survey)
                let fetches = recent.map {
                    ScoreLinkFetch(score: $0["score"], at: $0["at"], discarded: $0["discarded"])
                }
                let isSweep = ScoreLinkFetch.isSweep(score: answer.score, after: fetches)
                try db.execute(
                    sql: """
                        INSERT INTO nps_link_fetches (customer_id, campaign_id, occurrence, score, at, discarded, previous_score)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, arguments: survey + [answer.score, now, isSweep, current])
                guard isSweep else { return try Self.store(answer, at: now, in: db).map(ScoreLinkOutcome.answered) }
                if let counted = recent.first(where: { !($0["discarded"] as Bool) }) {
                    try Self.restore(answer, toScore: counted["previous_score"], at: now, in: db)
                }
                try db.execute(
                    sql: """
                        UPDATE nps_link_fetches SET discarded = 1
                        WHERE customer_id = ? AND campaign_id = ? AND occurrence = ? AND at > ? AND at <= ?
                        """, arguments: survey + [now.addingTimeInterval(-window.timeInterval), now])
                return .sweep
            }
        }
    }

    /// Puts the survey back as it was before a sweep: the earlier score, or no answer at all.
    private static func restore(_ answer: SurveyAnswer, toScore previous: Int?, at now: Date, in db: any StoreSession)
        throws
    {
        if let previous,
            let earlier = SurveyAnswer(
                customerID: answer.customerID, campaignID: answer.campaignID, occurrence: answer.occurrence,
                score: previous)
        {
            _ = try store(earlier, at: now, in: db)
            return
        }
        try db.execute(
            sql: "DELETE FROM nps_answers WHERE customer_id = ? AND campaign_id = ? AND occurrence = ?",
            arguments: [answer.customerID, answer.campaignID, answer.occurrence.rawValue])
        try db.execute(
            sql: "DELETE FROM events WHERE customer_id = ? AND external_id = ?",
            arguments: [answer.customerID, answer.event(at: now).externalID])
        guard
            var customer = try CustomerColumns.fetchAll(
                db, sql: "SELECT * FROM customers WHERE id = ?", arguments: [answer.customerID]
            ).first
        else { return }
        let latest = try db.fetchOne(
            Int.self, sql: "SELECT score FROM nps_answers WHERE customer_id = ? ORDER BY answered_at DESC LIMIT 1",
            arguments: [answer.customerID])
        let category = latest.flatMap(NetPromoterScore.Category.init(score:))
        customer.attributes[SurveyAnswer.scoreAttribute] = latest.map { .number(Double($0)) }
        customer.attributes[SurveyAnswer.categoryAttribute] = category.map { .string($0.rawValue) }
        try save(customer, isNew: false, at: now, in: db)
    }
}
