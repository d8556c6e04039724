import Foundation
import GRDB
import RapportCore
import RapportTestSupport
import Testing

@testable import RapportStore

/// The delivery queue's reads must cost what the queue holds, not what the ledger ever held: a
/// year's million `sent` rows must not slow a claim. Their query plans are read here, on a store
/// whose ledger is mostly finished rows and whose statistics (ANALYZE) tempt the planner towards
/// the campaign index, and fail the moment a statement would walk the ledger again.
@Suite struct DeliveryQueuePlanTests {
    let now = Timestamp.parse("2026-11-23T09:00:00+07:00")!
    let campaigns = ["welcome", "birthday"]

    /// A store with 2,000 sent rows, a few queued and one sending, analysed.
    func ledgerStore(_ directory: TemporaryDirectory) throws -> Store {
        let store = try Store(path: directory.path("rapport.sqlite"))
        for id in ["Q1", "Q2", "Q3"] {
            _ = try store.record(
                Decision(campaignID: "welcome", customerID: id, occurrence: WelcomeTrigger.occurrence, action: .send),
                transport: "default", at: now)
        }
        _ = try store.claimDue(owner: "w", campaignIDs: ["welcome"], limit: 1, lease: 60, at: now)
        try store.sqliteWriter!.write { db in
            try db.execute(
                sql: """
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                    INSERT INTO deliveries (campaign_id, customer_id, occurrence, status, created_at, finished_at,
                        not_before, queued_at, attempts)
                    SELECT CASE i % 2 WHEN 0 THEN 'welcome' ELSE 'birthday' END, 'S' || i, 'signup', 'sent',
                        '2026-01-01 00:00:00.000', '2026-01-01 00:00:01.000', '2026-01-01 00:00:00.000',
                        '2026-01-01 00:00:00.000', 1
                    FROM n;
                    ANALYZE;
                    """)
        }
        return store
    }

    /// The plan's lines for `sql` bound to `arguments`.
    func plan(_ sql: String, _ arguments: StatementArguments, in store: Store) throws -> [String] {
        try store.sqliteWriter!.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    /// The lines that read the deliveries table itself (not a subquery over it).
    func tableReads(_ plan: [String]) -> [String] {
        plan.filter { $0.range(of: #"\bdeliveries\b"#, options: .regularExpression) != nil }
    }

    @Test func aClaimSearchesOnlyThePartialQueueAndLeaseIndexes() throws {
        let directory = try TemporaryDirectory()
        let store = try ledgerStore(directory)
        let lines = try plan(
            DeliveryQueueSQL.claim(campaigns: campaigns.count, dialect: .sqlite), [now] + StatementArguments(campaigns) + [20],
            in: store)
        let reads = tableReads(lines)
        #expect(
            reads.sorted() == [
                "SEARCH deliveries USING INDEX deliveries_leases (lease_expires_at<?)",
                "SEARCH deliveries USING INDEX deliveries_queue (not_before<?)",
            ], "the claim must read the queue and the expired leases by range, never the ledger: \(lines)")
        #expect(!lines.contains { $0.hasPrefix("SCAN deliveries") }, "\(lines)")
    }

    @Test(arguments: ["nextQueued", "nextLeaseExpiry", "depth"])
    func theQueuesOtherReadsWalkOnlyAPartialIndex(_ name: String) throws {
        let directory = try TemporaryDirectory()
        let store = try ledgerStore(directory)
        let (sql, arguments): (String, StatementArguments) =
            switch name {
            case "nextQueued": (DeliveryQueueSQL.nextQueued(campaigns: 2, dialect: .sqlite), StatementArguments(campaigns))
            case "nextLeaseExpiry": (DeliveryQueueSQL.nextLeaseExpiry(campaigns: 2, dialect: .sqlite), StatementArguments(campaigns))
            default: (DeliveryQueueSQL.depth(dialect: .sqlite), StatementArguments())
            }
        let lines = try plan(sql, arguments, in: store)
        let reads = tableReads(lines)
        // In order and stopping at the first row of the campaigns: a walk of an index that holds
        // only waiting (or sending) rows, never a read of the whole ledger.
        #expect(!reads.isEmpty)
        #expect(
            reads.allSatisfy {
                $0.hasSuffix("INDEX deliveries_queue") || $0.hasSuffix("INDEX deliveries_leases")
            }, "\(name) must read only a partial index of the queue: \(lines)")
    }

    @Test func aClaimTakesQueuedRowsAndExpiredLeasesInOneOrder() throws {
        let directory = try TemporaryDirectory()
        let store = try ledgerStore(directory)
        // Q1 is sending under a 60 s lease since `now`; Q2 and Q3 are queued at `now`.
        #expect(try store.nextClaimable(campaignIDs: campaigns) == now)
        #expect(try store.queueDepth() == 2)
        let later = now.addingTimeInterval(61)
        let claims = try store.claimDue(owner: "b", campaignIDs: campaigns, limit: 2, lease: 60, at: later)
        #expect(claims.map(\.customerID) == ["Q1", "Q2"], "by not_before, then by id, across both indexes")
        #expect(claims.map(\.leaseExpired) == [true, false])
        #expect(try store.queueDepth() == 1)
        #expect(try store.nextClaimable(campaignIDs: ["birthday"]) == nil)
    }
}
