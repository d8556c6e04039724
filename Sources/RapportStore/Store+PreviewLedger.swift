public import Foundation
internal import GRDB
public import RapportCore

extension Store {
    /// Writes rows a preview simulated into this scratch store's ledger as they are, in one
    /// transaction, so they are listed as a simulation's copy of the store lists its own
    /// (`forEachEntry(changedSince:)`): a month of a large store is too long to hold in memory.
    public func append(_ entries: [LedgerEntry]) throws(StoreError) {
        guard !entries.isEmpty else { return }
        try perform {
            try engine.write { db in
                let insert = """
                    INSERT INTO deliveries (campaign_id, customer_id, occurrence, status, recipient, subject,
                        message_id, transport, attempts, created_at, last_attempt_at, finished_at, reply, not_before,
                        channel_attempts)
                    VALUES (\(Self.placeholders(15)))
                    """
                for entry in entries {
                    try db.execute(
                        sql: insert,
                        arguments: [
                            entry.campaignID, entry.customerID, entry.occurrence.rawValue, entry.status.rawValue,
                            entry.recipient, entry.subject, entry.messageID, entry.transport, entry.attempts,
                            entry.createdAt, entry.lastAttemptAt, entry.finishedAt, entry.reply, entry.notBefore,
                            entry.channelAttempts?.joined(separator: "\n"),
                        ])
                }
            }
        }
    }
}
