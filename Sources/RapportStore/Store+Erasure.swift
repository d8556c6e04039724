internal import Crypto
public import Foundation
internal import GRDB
import RapportCore

/// What an erasure removed and kept, for the operator and the erasure's own record.
public struct ErasureSummary: Sendable, Equatable, Codable {
    /// The one-way name the customer's anonymous rows now carry.
    public var pseudonym: String
    public var ledgerRows = 0
    public var events = 0
    public var surveyAnswers = 0
    public var suppressedAddresses = 0

    public init(pseudonym: String) {
        self.pseudonym = pseudonym
    }
}

/// One erasure as recorded: who asked, when and why — never what was erased.
public struct Erasure: Sendable, Equatable, Codable {
    public var pseudonym: String
    public var erasedAt: Date
    public var reason: String
    public var by: String
}

extension Store {
    /// Erases one customer's personal data in one transaction, keeping what the reports and the
    /// exactly-once guarantee need in anonymous form:
    ///
    /// - the customer row keeps only its signup and activity times, under a pseudonym (a keyed
    ///   hash of the id), unsubscribed and marked erased, so no campaign picks it up;
    /// - ledger rows, message events, survey answers, consent changes, score-link fetches and
    ///   events move to the pseudonym: campaign, occurrence, outcome and times stay, while the
    ///   recipient, subject, replies, survey comments and event properties (but a purchase's
    ///   `amount`) are cleared;
    /// - the email and phone go on the suppression list as keyed hashes, so a re-import from an
    ///   old export is not messaged;
    /// - the erasure itself is recorded: pseudonym, time, reason, who asked.
    ///
    /// SQLite's `secure_delete` zeroes what the erasure frees, and the write-ahead log is
    /// checkpointed after it, so the store's files keep no copy (a reader holding an older
    /// snapshot delays the checkpoint to the daemon's next one). Returns nil when there is no such
    /// customer.
    public func erase(customerID: String, reason: String, by: String, at now: Date) throws(StoreError)
        -> ErasureSummary?
    {
        try perform {
            try engine.erasingWrite { db -> ErasureSummary? in
                try Self.erase(customerID: customerID, reason: reason, by: by, at: now, in: db, dialect: dialect)
            }
        }
    }

    private static func erase(
        customerID: String, reason: String, by: String, at now: Date, in db: any StoreSession, dialect: StoreDialect
    )
        throws
        -> ErasureSummary?
    {
        guard
            let customer = try CustomerColumns.fetchAll(
                db, sql: "SELECT * FROM customers WHERE id = ?", arguments: [customerID]
            ).first
        else { return nil }
        let salt = try Self.erasureSalt(db)
        let pseudonym = Self.pseudonym(of: customerID, salt: salt)
        var summary = ErasureSummary(pseudonym: pseudonym)
        try db.execute(
            sql: """
                INSERT INTO customers (id, email, phone, attributes, subscription, unsubscribed_categories,
                    signed_up_at, last_active_at, created_at, updated_at, erased_at)
                SELECT ?, '', NULL, '{}', 'unsubscribed', '', signed_up_at, last_active_at, created_at, ?, ?
                FROM customers WHERE id = ?
                ON CONFLICT (id) DO UPDATE SET signed_up_at = COALESCE(customers.signed_up_at, excluded.signed_up_at),
                    last_active_at = \(dialect.greatest("COALESCE(customers.last_active_at, '')", "COALESCE(excluded.last_active_at, '')")),
                    updated_at = excluded.updated_at
                """, arguments: [pseudonym, now, now, customerID])
        try db.execute(
            sql: """
                UPDATE deliveries SET customer_id = ?, recipient = NULL, subject = NULL, reply = NULL,
                    channel_attempts = NULL
                WHERE customer_id = ?
                """, arguments: [pseudonym, customerID])
        summary.ledgerRows = db.changesCount
        try db.execute(
            sql: """
                UPDATE events SET customer_id = ?, properties = \(dialect.jsonAmountOnly("properties"))
                WHERE customer_id = ?
                """, arguments: [pseudonym, customerID])
        summary.events = db.changesCount
        try db.execute(
            sql: "UPDATE nps_answers SET customer_id = ?, comment = NULL WHERE customer_id = ?",
            arguments: [pseudonym, customerID])
        summary.surveyAnswers = db.changesCount
        for table in ["message_events", "consent_changes", "nps_link_fetches"] {
            try db.execute(
                sql: "UPDATE \(table) SET customer_id = ? WHERE customer_id = ?",
                arguments: [pseudonym, customerID])
        }
        try db.execute(sql: "UPDATE message_events SET url = NULL WHERE customer_id = ?", arguments: [pseudonym])
        let addresses = [customer.email, customer.phone].compactMap { $0 }.filter { !$0.isEmpty }
        for address in addresses {
            try db.execute(
                sql: "DELETE FROM suppressions WHERE \(Self.addressOrOnAnyChannel(dialect))", arguments: [address])
            try db.execute(
                sql: """
                    INSERT INTO suppressions (address, reason, created_at) VALUES (?, 'erased on request', ?)
                    ON CONFLICT (\(dialect.caselessKey("address"))) DO NOTHING
                    """, arguments: [Self.hashedAddress(address, salt: salt), now])
            summary.suppressedAddresses += 1
        }
        try db.execute(sql: "DELETE FROM customers WHERE id = ?", arguments: [customerID])
        try db.execute(
            sql: "INSERT INTO erasures (pseudonym, erased_at, reason, requested_by) VALUES (?, ?, ?, ?)",
            arguments: [pseudonym, now, reason, by])
        return summary
    }

    /// Every erasure, oldest first.
    public func erasures() throws(StoreError) -> [Erasure] {
        try perform {
            try engine.read { db in
                try db.fetchAll(sql: "SELECT * FROM erasures ORDER BY erased_at, pseudonym").map {
                    Erasure(
                        pseudonym: $0["pseudonym"], erasedAt: $0["erased_at"], reason: $0["reason"],
                        by: $0["requested_by"])
                }
            }
        }
    }

    /// The pseudonym `customerID` would have if it was erased; nil when it never was.
    static func erasedPseudonym(of customerID: String, in db: any StoreSession) throws -> String? {
        guard try db.fetchOne(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM erasures)") == true else { return nil }
        let pseudonym = Self.pseudonym(of: customerID, salt: try erasureSalt(db))
        let known = try db.fetchOne(
            Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM erasures WHERE pseudonym = ?)", arguments: [pseudonym])
        return known == true ? pseudonym : nil
    }

    /// A keyed one-way hash: without the store's salt an id cannot be tried against it.
    static func pseudonym(of customerID: String, salt: [UInt8]) -> String {
        "erased-" + keyedHash(customerID, salt: salt)
    }

    static func hashedAddress(_ address: String, salt: [UInt8]) -> String {
        "sha256:" + keyedHash(address.lowercased(), salt: salt)
    }

    private static func keyedHash(_ text: String, salt: [UInt8]) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: salt)).prefix(16).lowercaseHex
    }

    static func erasureSalt(_ db: any StoreSession) throws -> [UInt8] {
        guard let salt = try db.fetchOne(Data.self, sql: "SELECT salt FROM erasure_salt") else {
            throw StoreError(path: "", message: "the store has no erasure salt; it was not migrated")
        }
        return Array(salt)
    }
}
