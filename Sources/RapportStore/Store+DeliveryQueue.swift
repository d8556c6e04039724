public import Foundation
internal import GRDB
public import RapportCore

extension Store {
    /// When the next message of `campaignIDs` may be claimed: the earliest time a queued or
    /// retrying message is due, or a `sending` claim's lease runs out (its worker died). Nil when
    /// nothing waits. Lets the delivery workers sleep until a retry comes due between ticks.
    public func nextClaimable(campaignIDs: [String]) throws(StoreError) -> Date? {
        guard !campaignIDs.isEmpty else { return nil }
        return try perform {
            try engine.read { db in
                // A missing time (NULL sorts first) means claimable now.
                func earliest(_ sql: String) throws -> Date? {
                    try db.fetchOne(sql: sql, arguments: StoreArguments(campaignIDs))
                        .map { ($0["due"] as Date?) ?? .distantPast }
                }
                let queued = try earliest(DeliveryQueueSQL.nextQueued(campaigns: campaignIDs.count, dialect: dialect))
                let leased = try earliest(
                    DeliveryQueueSQL.nextLeaseExpiry(campaigns: campaignIDs.count, dialect: dialect))
                return [queued, leased].compactMap { $0 }.min()
            }
        }
    }

    /// Claims up to `limit` messages for a worker, under a lease until `now + lease`: queued and
    /// retrying rows whose time has come, oldest first, and `sending` rows whose lease ran out
    /// because their worker died. Each claim counts as an attempt.
    /// Only messages of `campaignIDs` are claimed: one whose campaign is gone or broken waits
    /// until it is back.
    public func claimDue(owner: String, campaignIDs: [String], limit: Int, lease: TimeInterval, at now: Date)
        throws(StoreError) -> [Claim]
    {
        guard !campaignIDs.isEmpty else { return [] }
        return try perform {
            try engine.claim { db in
                // Through the queue's partial indexes only (see DeliveryQueueSQL): a claim costs the
                // same on an empty ledger and on one of millions of finished rows.
                let rows = try db.fetchAll(
                    sql: DeliveryQueueSQL.claim(campaigns: campaignIDs.count, dialect: dialect),
                    arguments: [now] + StoreArguments(campaignIDs) + [limit])
                guard !rows.isEmpty else { return [] }
                // One statement for the batch: on PostgreSQL each statement is a round trip.
                try db.execute(
                    sql: """
                        UPDATE deliveries SET status = 'sending', lease_owner = ?, lease_expires_at = ?,
                            attempts = attempts + 1, last_attempt_at = ?
                        WHERE id IN (\(Self.placeholders(rows.count)))
                        """,
                    arguments: [owner, now.addingTimeInterval(lease), now]
                        + StoreArguments(rows.map { $0["id"] as Int64 }))
                var claims: [Claim] = []
                for row in rows {
                    claims.append(
                        Claim(
                            id: row["id"], campaignID: row["campaign_id"], customerID: row["customer_id"],
                            occurrence: OccurrenceKey(rawValue: row["occurrence"]), transport: row["transport"],
                            attempt: row["attempts"] + 1, firstDue: row["queued_at"],
                            leaseExpired: (row["status"] as String) == DeliveryStatus.sending.rawValue,
                            channel: row["channel"]))
                }
                return claims
            }
        }
    }

    /// Records how a claimed attempt ended — `sent`, `failed`, `suppressed`, `skipped`, or
    /// `retrying` at `notBefore` — with what was sent and the server's reply. Returns false when
    /// the claim's lease had run out and another worker holds it now: its outcome wins.
    ///
    /// Returns once the outcome is committed. Outcomes that workers record at the same moment
    /// share one write transaction (`CompletionQueue`).
    @discardableResult
    public func complete(
        _ claim: Claim, owner: String, as status: DeliveryStatus, reply: String, message: OutgoingMessage? = nil,
        transport: String? = nil, notBefore: Date? = nil, at now: Date
    ) throws(StoreError) -> Bool {
        try completions.complete(
            Completion(
                arguments: [
                    status.rawValue, reply, message?.to.address, message?.subject, message?.messageID.description,
                    notBefore, status == .retrying ? nil : now, transport, claim.id, owner,
                ]), in: self)
    }

    /// Writes outcomes in one transaction; returns, for each, whether its claim was still held.
    func complete(_ batch: [Completion]) throws(StoreError) -> [Bool] {
        try perform {
            try engine.write { db in
                try batch.map { completion in
                    try db.execute(
                        sql: """
                            UPDATE deliveries SET status = ?, reply = ?, recipient = COALESCE(?, recipient),
                                subject = COALESCE(?, subject), message_id = COALESCE(?, message_id), not_before = ?,
                                finished_at = ?, lease_owner = NULL, lease_expires_at = NULL,
                                transport = COALESCE(?, transport)
                            WHERE id = ? AND status = 'sending' AND lease_owner = ?
                            """, arguments: completion.arguments)
                    return db.changesCount > 0
                }
            }
        }
    }

    /// Moves a claimed occurrence on to its campaign's channel `channel`, keeping what the one it
    /// leaves answered (`note`) in `channel_attempts`; the claim stays held. Written before the
    /// next channel is tried, so a worker that dies in between resumes there, not on a channel
    /// that already refused the customer. Returns false when the claim was taken over.
    public func moveToChannel(_ claim: Claim, owner: String, channel: Int, note: String) throws(StoreError) -> Bool {
        try perform {
            try engine.write { db in
                try db.execute(
                    sql: """
                        UPDATE deliveries SET channel = ?,
                            channel_attempts = COALESCE(channel_attempts || char(10), '') || ?
                        WHERE id = ? AND status = 'sending' AND lease_owner = ?
                        """, arguments: [channel, note, claim.id, owner])
                return db.changesCount > 0
            }
        }
    }

    /// Extends a claim's lease. Returns false when the lease had run out and another worker took
    /// the message over: then this worker must not send it, or the customer would get it twice.
    public func renewLease(of claim: Claim, owner: String, lease: TimeInterval, at now: Date) throws(StoreError)
        -> Bool
    {
        try renewLeases(of: [claim], owner: owner, lease: lease, at: now).contains(claim.id)
    }

    /// Extends the leases of a worker's claims in one statement; returns the ids it still holds.
    /// The others ran out and were taken over by another worker: they are not this one's to send.
    public func renewLeases(of claims: [Claim], owner: String, lease: TimeInterval, at now: Date)
        throws(StoreError) -> Set<Int64>
    {
        guard !claims.isEmpty else { return [] }
        return try perform {
            try engine.write { db in
                Set(
                    try db.fetchAll(
                        sql: """
                            UPDATE deliveries SET lease_expires_at = ?
                            WHERE id IN (\(Self.placeholders(claims.count))) AND status = 'sending' AND lease_owner = ?
                            RETURNING id
                            """,
                        arguments: [now.addingTimeInterval(lease)] + StoreArguments(claims.map(\.id)) + [owner]
                    ).map { $0["id"] as Int64 })
            }
        }
    }

    /// Gives back claims a worker took but did not hand to a transport (graceful shutdown), so
    /// the next worker takes them without waiting for the lease to run out.
    public func release(_ claims: [Claim], owner: String) throws(StoreError) {
        guard !claims.isEmpty else { return }
        try perform {
            try engine.write { db in
                for claim in claims {
                    try db.execute(
                        sql: """
                            UPDATE deliveries SET status = CASE WHEN attempts > 1 THEN 'retrying' ELSE 'queued' END,
                                attempts = attempts - 1, lease_owner = NULL, lease_expires_at = NULL
                            WHERE id = ? AND status = 'sending' AND lease_owner = ?
                            """, arguments: [claim.id, owner])
                }
            }
        }
    }

    /// Queued and retrying messages a worker takes by `date`, oldest first: what a preview
    /// delivers before anything it decides.
    public func waitingDeliveries(readyBy date: Date) throws(StoreError) -> [LedgerEntry] {
        try entries(
            sql: """
                SELECT * FROM deliveries\(dialect.indexedBy("deliveries_queue"))
                WHERE status IN ('queued', 'retrying') AND not_before <= ? ORDER BY not_before, id
                """,
            arguments: [date])
    }
}
