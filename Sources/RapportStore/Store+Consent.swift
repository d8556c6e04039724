import Foundation
internal import GRDB
public import RapportCore

extension Store {
    /// The customer's consent changes, oldest first.
    public func consentHistory(of customerID: String) throws(StoreError) -> [ConsentChange] {
        try perform {
            try engine.read { db in
                try db.fetchAll(
                    sql: "SELECT * FROM consent_changes WHERE customer_id = ? ORDER BY at, id",
                    arguments: [customerID]
                ).map(Self.consentChange)
            }
        }
    }

    /// The customer's latest own change or change that named consent, whichever came last: when it
    /// is their own, it is the choice an import may not undo (`ConsentGuard`).
    static func ownChoice(of customerID: String, in db: any StoreSession) throws -> ConsentChange? {
        try db.fetchOne(
            sql: """
                SELECT * FROM consent_changes WHERE customer_id = ? AND (by_customer <> 0 OR consent IS NOT NULL)
                ORDER BY at DESC, id DESC LIMIT 1
                """,
            arguments: [customerID]
        ).map(consentChange)
    }

    static func record(_ change: ConsentChange, in db: any StoreSession) throws {
        try db.execute(
            sql: """
                INSERT INTO consent_changes (customer_id, at, subscription, declined, source, by_customer, consent)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                change.customerID, change.at, change.subscription.rawValue,
                change.declined.map(\.rawValue).sorted().joined(separator: ","), change.source, change.byCustomer,
                change.consent,
            ])
    }

    static func consentChange(_ row: Row) -> ConsentChange {
        let declined: String = row["declined"]
        return ConsentChange(
            customerID: row["customer_id"], at: row["at"],
            subscription: SubscriptionStatus(rawValue: row["subscription"]) ?? .subscribed,
            declined: Set(declined.split(separator: ",").compactMap { MessageCategory(rawValue: String($0)) }),
            source: row["source"], byCustomer: row["by_customer"], consent: row["consent"])
    }
}
