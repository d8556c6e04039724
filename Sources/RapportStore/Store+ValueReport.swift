public import Foundation
internal import GRDB

/// One customer's purchases, for lifetime value and RFM scores.
public struct PurchaseHistory: Sendable, Equatable {
    public var customerID: String
    /// The customer's value of the segment attribute, or nil.
    public var segment: String?
    public var lastPurchase: Date
    public var amounts: [Double]

    public init(customerID: String, segment: String?, lastPurchase: Date, amounts: [Double]) {
        self.customerID = customerID
        self.segment = segment
        self.lastPurchase = lastPurchase
        self.amounts = amounts
    }
}

extension Store {
    /// Every customer's `purchase` events in `start..<end` (amounts from the `amount` property),
    /// with the customer's value of the attribute `segment` when one is named.
    public func purchaseHistories(from start: Date, to end: Date, segment: String? = nil) throws(StoreError)
        -> [PurchaseHistory]
    {
        try perform {
            try engine.read { db in
                var histories: [String: PurchaseHistory] = [:]
                try db.forEachRow(
                    sql: """
                        SELECT e.customer_id, e.occurred_at, \(dialect.jsonAmount("e.properties")) AS amount,
                            \(dialect.jsonText("c.attributes")) AS segment
                        FROM events e JOIN customers c ON c.id = e.customer_id
                        WHERE e.kind = 'purchase' AND e.occurred_at >= ? AND e.occurred_at < ?
                        """, arguments: [dialect.jsonKey(segment ?? ""), start, end]
                ) { row in
                    let id: String = row["customer_id"]
                    let at: Date = row["occurred_at"]
                    let amount: Double = row["amount"] ?? 0
                    if var history = histories[id] {
                        history.amounts.append(amount)
                        history.lastPurchase = max(history.lastPurchase, at)
                        histories[id] = history
                    } else {
                        histories[id] = PurchaseHistory(
                            customerID: id, segment: row["segment"], lastPurchase: at, amounts: [amount])
                    }
                }
                return histories.keys.sorted().compactMap { histories[$0] }
            }
        }
    }
}
