/// A customer's occurrence within one campaign: what the ledger's unique key is made of.
public struct LedgerKey: Sendable, Hashable {
    public var customerID: String
    public var occurrence: OccurrenceKey

    public init(customerID: String, occurrence: OccurrenceKey) {
        self.customerID = customerID
        self.occurrence = occurrence
    }
}
