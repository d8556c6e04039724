public import Foundation
internal import GRDB
public import RapportCore

extension Store {
    /// Each campaign's occurrences that came due in `start..<end` (by when they were first written),
    /// by outcome; the messages among them opened, clicked and unsubscribed from; and, for a
    /// campaign with a goal, how many sent messages and held-out customers were followed by a goal
    /// event within its window (counted from the send, or from when a held-out customer was due).
    public func campaignFunnels(
        from start: Date, to end: Date, campaignIDs: [String]?, goals: [String: CampaignGoal]
    ) throws(StoreError) -> [CampaignFunnel] {
        try perform {
            try engine.read { db in
                var funnels: [String: CampaignFunnel] = [:]
                for row in try db.fetchAll(
                    sql: """
                        SELECT campaign_id, status, COUNT(*) AS n FROM deliveries
                        WHERE created_at >= ? AND created_at < ? GROUP BY campaign_id, status
                        """, arguments: [start, end])
                {
                    let id: String = row["campaign_id"]
                    guard campaignIDs?.contains(id) ?? true else { continue }
                    var funnel = funnels[id] ?? CampaignFunnel(campaignID: id)
                    let count: Int = row["n"]
                    funnel.due += count
                    switch DeliveryStatus(rawValue: row["status"]) {
                    case .sent: funnel.sent += count
                    case .deferred: funnel.deferred += count
                    case .expired: funnel.expired += count
                    case .failed: funnel.failed += count
                    case .suppressed: funnel.suppressed += count
                    case .skipped: funnel.skipped += count
                    case .heldOut: funnel.heldOut += count
                    case .queued, .sending, .retrying, nil: funnel.pending += count
                    }
                    funnels[id] = funnel
                }
                for row in try db.fetchAll(
                    sql: """
                        SELECT d.campaign_id, m.kind, COUNT(DISTINCT d.id) AS n
                        FROM deliveries d JOIN message_events m ON m.campaign_id = d.campaign_id
                            AND m.customer_id = d.customer_id AND m.occurrence = d.occurrence
                        WHERE d.created_at >= ? AND d.created_at < ? GROUP BY d.campaign_id, m.kind
                        """, arguments: [start, end])
                {
                    guard var funnel = funnels[row["campaign_id"]] else { continue }
                    let count: Int = row["n"]
                    switch row["kind"] as String {
                    case "open": funnel.opened = count
                    case "click": funnel.clicked = count
                    default: funnel.unsubscribed = count
                    }
                    funnels[funnel.campaignID] = funnel
                }
                for (id, goal) in goals {
                    guard var funnel = funnels[id] else { continue }
                    var arguments: StoreArguments = [id, start, end]
                    arguments.append(contentsOf: StoreArguments(goal.events))
                    arguments.append(contentsOf: [goal.within.seconds])
                    let converted = try db.fetchAll(
                        sql: """
                            SELECT d.status, COUNT(*) AS n FROM deliveries d
                            WHERE d.campaign_id = ? AND d.created_at >= ? AND d.created_at < ?
                              AND d.status IN ('sent', 'held_out')
                              AND EXISTS (
                                SELECT 1 FROM events e
                                WHERE e.customer_id = d.customer_id
                                  AND e.kind IN (\(goal.events.map { _ in "?" }.joined(separator: ", ")))
                                  AND e.occurred_at > COALESCE(d.finished_at, d.created_at)
                                  AND e.occurred_at <= \(dialect.addingSeconds(to: "COALESCE(d.finished_at, d.created_at)")))
                            GROUP BY d.status
                            """, arguments: arguments)
                    let counts = Dictionary(
                        uniqueKeysWithValues: converted.map { ($0["status"] as String, $0["n"] as Int) })
                    funnel.converted = counts["sent"] ?? 0
                    funnel.heldOutConverted = counts["held_out"] ?? 0
                    funnels[id] = funnel
                }
                return funnels.keys.sorted().compactMap { funnels[$0] }
            }
        }
    }
}
