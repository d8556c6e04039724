public import Foundation
internal import GRDB
public import RapportCore

extension Store {
    /// The event an event-driven occurrence (`interaction:<id>`) follows, for `{{event.…}}` in its
    /// message; nil for any other occurrence, and for an event since pruned (`retention.events`)
    /// or erased, whose message then cannot name it.
    public func triggeringEvent(of occurrence: OccurrenceKey) throws(StoreError) -> CustomerEvent? {
        guard let id = EventTrigger.eventID(of: occurrence) else { return nil }
        return try perform {
            try engine.read { db in
                try db.fetchOne(
                    sql: "SELECT customer_id, kind, occurred_at, external_id, properties FROM events WHERE id = ?",
                    arguments: [id]
                ).map { row in
                    CustomerEvent(
                        customerID: row["customer_id"], kind: row["kind"], occurredAt: row["occurred_at"],
                        externalID: row["external_id"], properties: Self.eventProperties(row))
                }
            }
        }
    }

    /// The customer's latest event of `kinds` at or before `now`: the one `send-test` shows an
    /// event-driven campaign's message for.
    public func latestInteraction(of kinds: [String], customerID: String, until now: Date) throws(StoreError)
        -> Interaction?
    {
        guard !kinds.isEmpty else { return nil }
        var arguments = StoreArguments([customerID])
        arguments.append(contentsOf: StoreArguments(kinds))
        arguments.append(contentsOf: [now])
        return try perform {
            try engine.read { db in
                try db.fetchOne(
                    sql: """
                        SELECT id, kind, occurred_at FROM events
                        WHERE customer_id = ? AND kind IN (\(kinds.map { _ in "?" }.joined(separator: ", ")))
                          AND occurred_at <= ?
                        ORDER BY occurred_at DESC, id DESC LIMIT 1
                        """, arguments: arguments
                ).map { Interaction(eventID: $0["id"], kind: $0["kind"], occurredAt: $0["occurred_at"]) }
            }
        }
    }

    /// An event row's `properties` JSON; empty when unreadable.
    static func eventProperties(_ row: Row) -> [String: AttributeValue] {
        let properties: String = row["properties"]
        return (try? JSONDecoder().decode([String: AttributeValue].self, from: Data(properties.utf8))) ?? [:]
    }
}
