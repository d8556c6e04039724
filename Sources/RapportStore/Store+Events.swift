public import Foundation
internal import GRDB
public import RapportCore

/// How an event import changed the store.
public struct EventImportSummary: Sendable, Equatable {
    public var recorded = 0
    /// Events whose id was already stored: importing the same file twice changes nothing.
    public var duplicates = 0
    /// Positions (in the given list) of events for customers the store does not know.
    public var unknownCustomers: [Int] = []

    public init() {}
}

extension Store {
    /// Records events in one transaction. Activity events move the customer's last activity
    /// forward (never back, so an old event imported late cannot hide a recent visit); a signup
    /// sets a missing signup time, a renewal moves the renewal date.
    public func record(_ events: [CustomerEvent], at now: Date) throws(StoreError) -> EventImportSummary {
        try perform {
            try engine.write { db in
                var summary = EventImportSummary()
                for (index, event) in events.enumerated() {
                    switch try Self.insert(event, at: now, in: db) {
                    case .recorded: summary.recorded += 1
                    case .duplicate: summary.duplicates += 1
                    case .unknownCustomer: summary.unknownCustomers.append(index)
                    }
                }
                return summary
            }
        }
    }

    enum EventInsertion {
        case recorded
        /// The event's id was already stored.
        case duplicate
        case unknownCustomer
    }

    static func insert(_ event: CustomerEvent, at now: Date, in db: any StoreSession) throws -> EventInsertion {
        guard
            try db.fetchOne(Bool.self, sql: "SELECT 1 FROM customers WHERE id = ?", arguments: [event.customerID])
                == true
        else { return .unknownCustomer }
        let properties = String(decoding: try JSONEncoder.sorted.encode(event.properties), as: UTF8.self)
        try db.execute(
            sql: """
                INSERT INTO events (customer_id, kind, occurred_at, external_id, properties, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (customer_id, external_id) WHERE external_id IS NOT NULL DO NOTHING
                """,
            arguments: [event.customerID, event.kind, event.occurredAt, event.externalID, properties, now])
        guard db.changesCount > 0 else { return .duplicate }
        if event.isActivity {
            try db.execute(
                sql: """
                    UPDATE customers SET last_active_at = ?, updated_at = ?
                    WHERE id = ? AND (last_active_at IS NULL OR last_active_at < ?)
                    """,
                arguments: [event.occurredAt, now, event.customerID, event.occurredAt])
        }
        if event.kind == CustomerEvent.signupKind {
            try db.execute(
                sql: "UPDATE customers SET signed_up_at = ?, updated_at = ? WHERE id = ? AND signed_up_at IS NULL",
                arguments: [event.occurredAt, now, event.customerID])
        }
        if let renewal = event.newRenewalDate {
            try db.execute(
                sql: """
                    UPDATE customers SET renewal_date = ?, renewal_recorded_at = ?, updated_at = ?
                    WHERE id = ? AND renewal_date IS NOT ?
                    """,
                arguments: [renewal.description, now, now, event.customerID, renewal.description])
        }
        return .recorded
    }

    public func eventCount(customerID: String) throws(StoreError) -> Int {
        try perform {
            try engine.read {
                try $0.fetchOne(
                    Int.self, sql: "SELECT COUNT(*) FROM events WHERE customer_id = ?", arguments: [customerID])
                    ?? 0
            }
        }
    }

    /// Interaction events of `kinds` that happened in `range`, with their customers (without
    /// their free attributes unless `attributes`, as the other candidate selections).
    public func interactions(of kinds: [String], in range: ClosedRange<Date>, attributes: Bool = true)
        throws(StoreError) -> [(customer: Customer, interaction: Interaction)]
    {
        guard !kinds.isEmpty else { return [] }
        let placeholders = kinds.map { _ in "?" }.joined(separator: ", ")
        var arguments = StoreArguments(kinds)
        arguments.append(contentsOf: [range.lowerBound, range.upperBound])
        return try perform {
            try engine.read { db in
                try CustomerColumns.fetchAll(
                    db,
                    sql: """
                        SELECT c.*, e.id AS event_id, e.kind AS event_kind, e.occurred_at AS event_at
                        FROM events e JOIN customers c ON c.id = e.customer_id
                        WHERE e.kind IN (\(placeholders)) AND e.occurred_at BETWEEN ? AND ?
                        ORDER BY e.occurred_at, e.id
                        """,
                    arguments: arguments, attributes: attributes
                ) { row in
                    Interaction(eventID: row["event_id"], kind: row["event_kind"], occurredAt: row["event_at"])
                }.map { (customer: $0.0, interaction: $0.1) }
            }
        }
    }

    /// For each of these customers, every event of `kinds` between signup and `now`, in time
    /// order: a preview asks which was the latest at each of its ticks (`exitEvents(of:for:until:)`).
    public func exitEventHistory(of kinds: [String], for customerIDs: [String], until now: Date) throws(StoreError)
        -> [String: [ExitEvent]]
    {
        guard !kinds.isEmpty else { return [:] }
        var history: [String: [ExitEvent]] = [:]
        for slice in Self.parameterSlices(customerIDs) {
            let rows = try perform {
                try engine.read { db in
                    try db.fetchAll(
                        sql: """
                            SELECT e.customer_id, e.kind, e.occurred_at FROM events e JOIN customers c ON c.id = e.customer_id
                            WHERE e.customer_id IN (\(Self.placeholders(slice.count)))
                              AND e.kind IN (\(Self.placeholders(kinds.count)))
                              AND e.occurred_at >= c.signed_up_at AND e.occurred_at <= ?
                            ORDER BY e.occurred_at, e.id
                            """, arguments: StoreArguments(slice) + StoreArguments(kinds) + [now])
                }
            }
            for row in rows {
                history[row["customer_id"], default: []].append(
                    ExitEvent(kind: row["kind"], occurredAt: row["occurred_at"]))
            }
        }
        return history
    }

    /// For each of these customers, their latest event of `kinds` between signup and `now`: what
    /// ends a welcome drip.
    public func exitEvents(of kinds: [String], for customerIDs: [String], until now: Date) throws(StoreError)
        -> [String: ExitEvent]
    {
        guard !kinds.isEmpty else { return [:] }
        var exits: [String: ExitEvent] = [:]
        let kindPlaceholders = kinds.map { _ in "?" }.joined(separator: ", ")
        for slice in Self.parameterSlices(customerIDs) {
            var arguments = StoreArguments(slice)
            arguments.append(contentsOf: StoreArguments(kinds))
            arguments.append(contentsOf: [now])
            let rows = try perform {
                try engine.read { db in
                    try db.fetchAll(
                        sql: """
                            SELECT e.customer_id, e.kind, MAX(e.occurred_at) AS at
                            FROM events e JOIN customers c ON c.id = e.customer_id
                            WHERE e.customer_id IN (\(slice.map { _ in "?" }.joined(separator: ", ")))
                              AND e.kind IN (\(kindPlaceholders))
                              AND e.occurred_at >= c.signed_up_at AND e.occurred_at <= ?
                            GROUP BY e.customer_id
                            """, arguments: arguments)
                }
            }
            for row in rows { exits[row["customer_id"]] = ExitEvent(kind: row["kind"], occurredAt: row["at"]) }
        }
        return exits
    }
}
