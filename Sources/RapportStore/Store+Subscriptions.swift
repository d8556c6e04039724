public import Foundation
internal import GRDB
public import RapportCore

extension Store {
    /// Sets the categories the customer declines, from an unsubscribe link of one message (`source`
    /// says which: the page or one-click); each category newly declined is recorded once against
    /// that message, for the campaign report, and the change in the consent history as the
    /// customer's own. Setting the same choice again changes nothing. False when the customer is not
    /// in the store.
    public func setUnsubscribed(
        _ categories: Set<MessageCategory>, customerID: String, campaignID: String, occurrence: OccurrenceKey,
        source: String, at now: Date
    ) throws(StoreError) -> Bool {
        try perform {
            try engine.write { db in
                guard
                    var customer = try CustomerColumns.fetchAll(
                        db, sql: "SELECT * FROM customers WHERE id = ?", arguments: [customerID]
                    ).first
                else { return false }
                let declined = categories.subtracting([.transactional])
                guard customer.unsubscribedCategories != declined else { return true }
                let added = !declined.subtracting(customer.unsubscribedCategories).isEmpty
                customer.unsubscribedCategories = declined
                try Self.save(customer, isNew: false, at: now, in: db)
                try Self.record(
                    ConsentChange(
                        customerID: customerID, at: now, subscription: customer.subscription, declined: declined,
                        source: "\(source) (\(campaignID) \(occurrence))", byCustomer: true),
                    in: db)
                let recorded =
                    try db.fetchOne(
                        Bool.self,
                        sql: """
                            SELECT 1 FROM message_events
                            WHERE campaign_id = ? AND customer_id = ? AND occurrence = ? AND kind = 'unsubscribe'
                            """, arguments: [campaignID, customerID, occurrence.rawValue]) == true
                if added && !recorded {
                    try db.execute(
                        sql: """
                            INSERT INTO message_events (campaign_id, customer_id, occurrence, kind, at)
                            VALUES (?, ?, ?, 'unsubscribe', ?)
                            """, arguments: [campaignID, customerID, occurrence.rawValue, now])
                }
                return true
            }
        }
    }
}
