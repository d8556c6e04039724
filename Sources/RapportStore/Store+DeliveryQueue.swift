public import Foundation
internal import GRDB

extension Store {
    /// When the next message of `campaignIDs` may be claimed: the earliest time a queued or
    /// retrying message is due, or a `sending` claim's lease runs out (its worker died). Nil when
    /// nothing waits. Lets the delivery workers sleep until a retry comes due between ticks.
    public func nextClaimable(campaignIDs: [String]) throws(StoreError) -> Date? {
        guard !campaignIDs.isEmpty else { return nil }
        let campaigns = campaignIDs.map { _ in "?" }.joined(separator: ", ")
        return try perform {
            try writer.read { db in
                // Each walks its partial index (deliveries_queue, deliveries_leases) in order; a
                // missing time (NULL sorts first) means claimable now, as claimDue reads it.
                func earliest(_ column: String, where condition: String) throws -> Date? {
                    let row = try Row.fetchOne(
                        db,
                        sql: """
                            SELECT \(column) AS due FROM deliveries
                            WHERE \(condition) AND campaign_id IN (\(campaigns))
                            ORDER BY \(column) LIMIT 1
                            """, arguments: StatementArguments(campaignIDs))
                    return row.map { ($0["due"] as Date?) ?? .distantPast }
                }
                let queued = try earliest("not_before", where: "status IN ('queued', 'retrying')")
                let leased = try earliest("lease_expires_at", where: "status = 'sending'")
                return [queued, leased].compactMap { $0 }.min()
            }
        }
    }
}
