public import Foundation

/// What `rapport log` asks of the ledger.
public struct LedgerFilter: Sendable, Equatable {
    public var campaignID: String?
    public var customerID: String?
    public var status: DeliveryStatus?
    public var since: Date?
    public var limit: Int?

    public init(
        campaignID: String? = nil, customerID: String? = nil, status: DeliveryStatus? = nil, since: Date? = nil,
        limit: Int? = nil
    ) {
        self.campaignID = campaignID
        self.customerID = customerID
        self.status = status
        self.since = since
        self.limit = limit
    }
}
