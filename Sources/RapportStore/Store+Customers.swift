public import Foundation
internal import GRDB
public import RapportCore

/// How an import changed the store.
public struct ImportSummary: Sendable, Equatable {
    public var inserted = 0
    public var updated = 0
    /// Customers whose own unsubscribe a row would have undone without naming their consent: the
    /// rest of the row was applied, their choice kept (`ConsentGuard`).
    public var keptOwnChoice: [String] = []

    public init(inserted: Int = 0, updated: Int = 0, keptOwnChoice: [String] = []) {
        self.inserted = inserted
        self.updated = updated
        self.keptOwnChoice = keptOwnChoice
    }
}

extension Store {
    /// Upserts rows in one transaction: a crash mid-import leaves the store as it was. Each change
    /// of consent is recorded with its source from `origin`. Returns the ids of rows that could
    /// not apply (a new customer with neither email nor phone).
    public func upsert(_ patches: [CustomerPatch], at now: Date, origin: ConsentOrigin = .other("command"))
        throws(StoreError) -> (ImportSummary, rejected: [String])
    {
        try perform {
            try writer.write { db in
                var summary = ImportSummary()
                var rejected: [String] = []
                for (index, patch) in patches.enumerated() {
                    switch try Self.apply(patch, at: now, source: origin.source(of: index), in: db) {
                    case .inserted: summary.inserted += 1
                    case .updated(let keptOwnChoice):
                        summary.updated += 1
                        if keptOwnChoice { summary.keptOwnChoice.append(patch.id) }
                    case .needsAddress: rejected.append(patch.id)
                    }
                }
                return (summary, rejected)
            }
        }
    }

    enum PatchOutcome {
        case inserted
        /// `keptOwnChoice`: the row would have undone the customer's own unsubscribe; that part
        /// was not applied.
        case updated(keptOwnChoice: Bool)
        /// A new customer with neither an email nor a phone cannot be reached, so is not stored.
        case needsAddress
    }

    static func apply(_ patch: CustomerPatch, at now: Date, source: String, in db: Database) throws -> PatchOutcome {
        let existing = try CustomerColumns.fetchAll(
            db, sql: "SELECT * FROM customers WHERE id = ?", arguments: [patch.id]
        )
        .first
        guard var customer = patch.applied(to: existing, at: now) else { return .needsAddress }
        var keptOwnChoice = false
        if existing != nil {
            (customer, keptOwnChoice) = ConsentGuard.guarded(
                customer, ownChoice: try ownChoice(of: patch.id, in: db), consent: patch.consent)
        }
        try save(customer, isNew: existing == nil, at: now, in: db)
        if ConsentGuard.changes(from: existing, to: customer) {
            try record(
                ConsentChange(
                    customerID: customer.id, at: now, subscription: customer.subscription,
                    declined: customer.unsubscribedCategories, source: source, byCustomer: false,
                    consent: patch.consent),
                in: db)
        }
        return existing == nil ? .inserted : .updated(keptOwnChoice: keptOwnChoice)
    }

    /// Sets one attribute on many customers in one transaction (e.g. each customer's RFM tier),
    /// so audiences can filter on it.
    public func setAttribute(_ name: String, values: [String: String], at now: Date) throws(StoreError) {
        try perform {
            try writer.write { db in
                for (id, value) in values {
                    try db.execute(
                        sql:
                            "UPDATE customers SET attributes = json_set(attributes, ?, ?), updated_at = ? WHERE id = ?",
                        arguments: ["$.\"\(name)\"", value, now, id])
                }
            }
        }
    }

    public func customer(id: String) throws(StoreError) -> Customer? {
        try perform {
            try writer.read { db in
                try CustomerColumns.fetchAll(db, sql: "SELECT * FROM customers WHERE id = ?", arguments: [id]).first
            }
        }
    }

    public func customerCount() throws(StoreError) -> Int {
        try perform { try writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM customers") ?? 0 } }
    }

    /// Customers who signed up in `[from, until]` and have no ledger row for this occurrence:
    /// an indexed range, so a tick's cost follows the signups in the window, not the base size.
    public func customersSignedUp(
        from: Date, until: Date, withoutOccurrence occurrence: OccurrenceKey, of campaignID: String
    ) throws(StoreError) -> [Customer] {
        try perform {
            try writer.read { db in
                try CustomerColumns.fetchAll(
                    db,
                    sql: """
                        SELECT c.* FROM customers c
                        WHERE c.signed_up_at >= ? AND c.signed_up_at <= ?
                          AND NOT EXISTS (
                            SELECT 1 FROM deliveries d
                            WHERE d.campaign_id = ? AND d.customer_id = c.id AND d.occurrence = ?)
                        ORDER BY c.signed_up_at, c.id
                        """,
                    arguments: [from, until, campaignID, occurrence.rawValue]
                )
            }
        }
    }

    /// Customers whose birthday (`MM-DD`) is one of `monthDays` and who have no ledger row for the
    /// campaign created since `since`.
    public func customersWithBirthday(
        on monthDays: [String], withoutDeliveryOf campaignID: String, since: Date
    ) throws(StoreError) -> [Customer] {
        guard !monthDays.isEmpty else { return [] }
        let placeholders = monthDays.map { _ in "?" }.joined(separator: ", ")
        var arguments = StatementArguments(monthDays)
        _ = arguments.append(contentsOf: [campaignID, since])
        return try perform {
            try writer.read { db in
                try CustomerColumns.fetchAll(
                    db,
                    sql: """
                        SELECT c.* FROM customers c
                        WHERE substr(c.birthday, 6) IN (\(placeholders))
                          AND NOT EXISTS (
                            SELECT 1 FROM deliveries d
                            WHERE d.campaign_id = ? AND d.customer_id = c.id AND d.created_at >= ?)
                        ORDER BY c.id
                        """,
                    arguments: arguments
                )
            }
        }
    }

    /// Customers whose last activity falls in one of `ranges`; with `orSignup`, also those with
    /// no activity record whose signup does (inactivity counted from signup).
    public func customersLastActive(in ranges: [ClosedRange<Date>], orSignup: Bool) throws(StoreError) -> [Customer] {
        guard !ranges.isEmpty else { return [] }
        var conditions: [String] = []
        var arguments = StatementArguments()
        for range in ranges {
            conditions.append("(last_active_at BETWEEN ? AND ?)")
            _ = arguments.append(contentsOf: [range.lowerBound, range.upperBound])
            if orSignup {
                conditions.append("(last_active_at IS NULL AND signed_up_at BETWEEN ? AND ?)")
                _ = arguments.append(contentsOf: [range.lowerBound, range.upperBound])
            }
        }
        let sql = "SELECT * FROM customers WHERE \(conditions.joined(separator: " OR ")) ORDER BY id"
        return try perform {
            try writer.read { db in try CustomerColumns.fetchAll(db, sql: sql, arguments: arguments) }
        }
    }

    /// Customers whose renewal date is one of `dates`.
    public func customersWithRenewal(on dates: [LocalDate]) throws(StoreError) -> [Customer] {
        guard !dates.isEmpty else { return [] }
        let placeholders = dates.map { _ in "?" }.joined(separator: ", ")
        return try perform {
            try writer.read { db in
                try CustomerColumns.fetchAll(
                    db, sql: "SELECT * FROM customers WHERE renewal_date IN (\(placeholders)) ORDER BY id",
                    arguments: StatementArguments(dates.map(\.description))
                )
            }
        }
    }

    static func save(_ customer: Customer, isNew: Bool, at now: Date, in db: Database) throws {
        let attributes = String(decoding: try JSONEncoder.sorted.encode(customer.attributes), as: UTF8.self)
        let values: [(any DatabaseValueConvertible)?] = [
            customer.email, customer.phone, customer.firstName, customer.lastName, customer.locale, customer.timeZone,
            customer.birthday?.description, customer.signedUpAt, customer.lastActiveAt,
            customer.renewalDate?.description, customer.renewalRecordedAt, attributes, customer.subscription.rawValue,
            customer.unsubscribedCategories.map(\.rawValue).sorted().joined(separator: ","), now, customer.id,
        ]
        if isNew {
            try db.execute(
                sql: """
                    INSERT INTO customers (email, phone, first_name, last_name, locale, time_zone, birthday, signed_up_at,
                        last_active_at, renewal_date, renewal_recorded_at, attributes, subscription, unsubscribed_categories, updated_at, id, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: StatementArguments(values + [now]))
        } else {
            try db.execute(
                sql: """
                    UPDATE customers SET email = ?, phone = ?, first_name = ?, last_name = ?, locale = ?, time_zone = ?,
                        birthday = ?, signed_up_at = ?, last_active_at = ?, renewal_date = ?,
                        renewal_recorded_at = ?, attributes = ?, subscription = ?, unsubscribed_categories = ?, updated_at = ?
                    WHERE id = ?
                    """, arguments: StatementArguments(values))
        }
    }
}

extension JSONEncoder {
    /// Stable key order, so the same attributes always store as the same text.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
