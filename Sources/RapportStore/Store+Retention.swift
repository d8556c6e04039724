public import Foundation
internal import GRDB
public import RapportCore

/// What one pruning pass removed.
public struct PruneSummary: Sendable, Equatable {
    public var events = 0
    public var ledgerRows = 0
    public var surveyComments = 0

    public init() {}

    public var isEmpty: Bool { events == 0 && ledgerRows == 0 && surveyComments == 0 }
}

extension Store {
    /// Applies `policy` at `now` in one transaction, with `secure_delete` so what it frees is
    /// zeroed: events older than its age deleted, older ledger rows' details and survey comments
    /// cleared.
    public func prune(_ policy: RetentionPolicy, at now: Date) throws(StoreError) -> PruneSummary {
        let cutoffs = policy.cutoffs(at: now)
        return try perform {
            try engine.erasingWrite { db in
                var summary = PruneSummary()
                if let cutoff = cutoffs.events {
                    try db.execute(sql: "DELETE FROM events WHERE occurred_at < ?", arguments: [cutoff])
                    summary.events = db.changesCount
                }
                if let cutoff = cutoffs.ledgerDetails {
                    try db.execute(
                        sql: """
                            UPDATE deliveries SET recipient = NULL, subject = NULL, reply = NULL, channel_attempts = NULL
                            WHERE finished_at < ? AND (recipient IS NOT NULL OR subject IS NOT NULL
                                OR reply IS NOT NULL OR channel_attempts IS NOT NULL)
                            """, arguments: [cutoff])
                    summary.ledgerRows = db.changesCount
                }
                if let cutoff = cutoffs.surveyComments {
                    try db.execute(
                        sql: "UPDATE nps_answers SET comment = NULL WHERE answered_at < ? AND comment IS NOT NULL",
                        arguments: [cutoff])
                    summary.surveyComments = db.changesCount
                }
                return summary
            }
        }
    }
}
