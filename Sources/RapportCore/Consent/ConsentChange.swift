public import Foundation

/// One change of a customer's subscription or declined categories, with where it came from and
/// when: the consent history `rapport customer show` prints.
public struct ConsentChange: Sendable, Equatable {
    public var customerID: String
    public var at: Date
    public var subscription: SubscriptionStatus
    /// The categories declined after the change.
    public var declined: Set<MessageCategory>
    /// `unsubscribe page`, `one-click unsubscribe`, `import customers.csv:12`, `API client crm`, …
    public var source: String
    /// The customer chose it themself (an unsubscribe link), rather than an import or a system.
    public var byCustomer: Bool
    /// For a re-subscription: the consent the import row or API call named.
    public var consent: String?

    public init(
        customerID: String, at: Date, subscription: SubscriptionStatus, declined: Set<MessageCategory>,
        source: String, byCustomer: Bool, consent: String? = nil
    ) {
        self.customerID = customerID
        self.at = at
        self.subscription = subscription
        self.declined = declined
        self.source = source
        self.byCustomer = byCustomer
        self.consent = consent
    }
}
