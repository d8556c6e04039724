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
            try engine.write { db in
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

    static func apply(_ patch: CustomerPatch, at now: Date, source: String, in db: any StoreSession) throws
        -> PatchOutcome
    {
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
        if try erasedPseudonym(of: patch.id, in: db) != nil {
            // Erased on request: back from an old export, not messaged until they consent again,
            // which also takes their addresses' hashes off the suppression list.
            if let consent = patch.consent, !consent.isEmpty {
                let salt = try erasureSalt(db)
                for address in [customer.email, customer.phone].compactMap({ $0 }) {
                    try db.execute(
                        sql: "DELETE FROM suppressions WHERE address = ?",
                        arguments: [hashedAddress(address, salt: salt)])
                }
            } else if existing == nil {
                customer.subscription = .unsubscribed
            }
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
            try engine.write { db in
                for (id, value) in values {
                    try db.execute(
                        sql:
                            "UPDATE customers SET attributes = \(dialect.jsonSettingText("attributes")), updated_at = ? WHERE id = ?",
                        arguments: [dialect.jsonKey(name), value, now, id])
                }
            }
        }
    }

    public func customer(id: String) throws(StoreError) -> Customer? {
        try customers(ids: [id]).first
    }

    /// These customers, with their attributes, in no particular order; ids not in the store are
    /// left out. One read for a delivery worker's batch, not one per message.
    public func customers(ids: [String]) throws(StoreError) -> [Customer] {
        var customers: [Customer] = []
        for slice in Self.parameterSlices(ids) {
            customers += try perform {
                try engine.read { db in
                    try CustomerColumns.fetchAll(
                        db, sql: "SELECT * FROM customers WHERE id IN (\(Self.placeholders(slice.count)))",
                        arguments: StoreArguments(slice))
                }
            }
        }
        return customers
    }

    public func customerCount() throws(StoreError) -> Int {
        try perform { try engine.read { try $0.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM customers") ?? 0 } }
    }

    /// Customers who signed up in `[from, until]` and have no ledger row for this occurrence:
    /// an indexed range, so a tick's cost follows the signups in the window, not the base size.
    ///
    /// This and the other candidate selections leave the free attributes out (empty) unless
    /// `attributes` asks for them: decoding them is most of a candidate's cost, and only an
    /// audience that tests them needs them.
    public func customersSignedUp(
        from: Date, until: Date, withoutOccurrence occurrence: OccurrenceKey, of campaignID: String,
        attributes: Bool = true
    ) throws(StoreError) -> [Customer] {
        try perform {
            try engine.read { db in
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
                    arguments: [from, until, campaignID, occurrence.rawValue], attributes: attributes
                )
            }
        }
    }

    /// Customers whose birthday (`MM-DD`) is one of `monthDays` and who have no ledger row for the
    /// campaign created since `since`.
    public func customersWithBirthday(
        on monthDays: [String], withoutDeliveryOf campaignID: String, since: Date, attributes: Bool = true
    ) throws(StoreError) -> [Customer] {
        guard !monthDays.isEmpty else { return [] }
        var arguments = StoreArguments(monthDays)
        arguments.append(contentsOf: [campaignID, since])
        return try perform {
            try engine.read { db in
                try CustomerColumns.fetchAll(
                    db,
                    sql: """
                        SELECT c.* FROM customers c
                        WHERE substr(c.birthday, 6) IN (\(Self.placeholders(monthDays.count)))
                          AND NOT EXISTS (
                            SELECT 1 FROM deliveries d
                            WHERE d.campaign_id = ? AND d.customer_id = c.id AND d.created_at >= ?)
                        ORDER BY c.id
                        """,
                    arguments: arguments, attributes: attributes
                )
            }
        }
    }

    /// Customers whose last activity falls in one of `ranges`; with `orSignup`, also those with
    /// no activity record whose signup does (inactivity counted from signup).
    public func customersLastActive(in ranges: [ClosedRange<Date>], orSignup: Bool, attributes: Bool = true)
        throws(StoreError) -> [Customer]
    {
        guard !ranges.isEmpty else { return [] }
        var conditions: [String] = []
        var arguments = StoreArguments()
        for range in ranges {
            conditions.append("(last_active_at BETWEEN ? AND ?)")
            arguments.append(contentsOf: [range.lowerBound, range.upperBound])
            if orSignup {
                conditions.append("(last_active_at IS NULL AND signed_up_at BETWEEN ? AND ?)")
                arguments.append(contentsOf: [range.lowerBound, range.upperBound])
            }
        }
        let sql = "SELECT * FROM customers WHERE \(conditions.joined(separator: " OR ")) ORDER BY id"
        return try perform {
            try engine.read { db in
                try CustomerColumns.fetchAll(db, sql: sql, arguments: arguments, attributes: attributes)
            }
        }
    }

    /// Customers whose renewal date is one of `dates`; with `zoneDates`, only those whose date is
    /// also one of `zoneDates(time_zone)` (nil: no zone): the index finds every date's rows and
    /// SQLite keeps those that can be due in the customer's own zone, so only they are decoded.
    /// The zones and the customers are read from one snapshot.
    public func customersWithRenewal(
        on dates: [LocalDate], zoneDates: ((String?) -> [LocalDate])? = nil, attributes: Bool = true
    ) throws(StoreError) -> [Customer] {
        guard !dates.isEmpty else { return [] }
        let selection = "FROM customers WHERE renewal_date IN (\(Self.placeholders(dates.count)))"
        let dateArguments = StoreArguments(dates.map(\.description))
        return try perform {
            try engine.read { db in
                var sql = "SELECT * \(selection)"
                var arguments = dateArguments
                if let zoneDates {
                    let zones = try db.fetchAll(sql: "SELECT DISTINCT time_zone \(selection)", arguments: dateArguments)
                        .map { $0[0] as String? }
                    var conditions: [String] = []
                    for zone in zones {
                        let due = zoneDates(zone)
                        guard !due.isEmpty else { continue }
                        conditions.append(
                            "(time_zone IS NOT DISTINCT FROM ? AND renewal_date IN (\(Self.placeholders(due.count))))")
                        arguments.append(contentsOf: StoreArguments([zone]))
                        arguments.append(contentsOf: StoreArguments(due.map(\.description)))
                    }
                    sql += " AND (\(conditions.isEmpty ? "FALSE" : conditions.joined(separator: " OR ")))"
                }
                return try CustomerColumns.fetchAll(
                    db, sql: sql + " ORDER BY id", arguments: arguments, attributes: attributes)
            }
        }
    }

    static func save(_ customer: Customer, isNew: Bool, at now: Date, in db: any StoreSession) throws {
        let attributes = String(decoding: try JSONEncoder.sorted.encode(customer.attributes), as: UTF8.self)
        let values: StoreArguments = [
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
                    """, arguments: values + [now])
        } else {
            try db.execute(
                sql: """
                    UPDATE customers SET email = ?, phone = ?, first_name = ?, last_name = ?, locale = ?, time_zone = ?,
                        birthday = ?, signed_up_at = ?, last_active_at = ?, renewal_date = ?,
                        renewal_recorded_at = ?, attributes = ?, subscription = ?, unsubscribed_categories = ?, updated_at = ?
                    WHERE id = ?
                    """, arguments: values)
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
