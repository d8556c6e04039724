/// Share of the customers a period started with that are still customers at its end.
///
/// New customers are taken out of the end count, so a period with strong acquisition does not hide
/// the customers it lost. What "customer" means (say, a purchase within the last 90 days) is the
/// caller's choice; the three counts must all use the same definition.
public struct RetentionRate: Sendable, Equatable {
    /// Customers at the first instant of the period.
    public var customersAtStart: Int
    /// Customers at the last instant of the period, new ones included.
    public var customersAtEnd: Int
    /// Customers who became customers during the period.
    public var newCustomers: Int
    /// Customers at the end who were neither customers at the start nor new: they had gone quiet
    /// before the period and came back in it (what a win-back campaign is for).
    public var reactivatedCustomers: Int

    public init(customersAtStart: Int, customersAtEnd: Int, newCustomers: Int, reactivatedCustomers: Int = 0) {
        self.customersAtStart = customersAtStart
        self.customersAtEnd = customersAtEnd
        self.newCustomers = newCustomers
        self.reactivatedCustomers = reactivatedCustomers
    }

    /// (customers at end − new customers) / customers at start, as a fraction (0.8 is 80%); nil when
    /// the period started with no customers, as there was nobody to retain.
    ///
    /// Not clamped to 0…1: with an activity-based definition, a customer inactive at the start who
    /// comes back counts at the end without being new, and the report should show that, not hide it;
    /// `reactivatedCustomers` says how many did.
    public var rate: Double? {
        guard customersAtStart > 0 else { return nil }
        return Double(customersAtEnd - newCustomers) / Double(customersAtStart)
    }

    /// 1 − retention rate: the fraction of starting customers lost in the period; nil when `rate` is.
    public var churnRate: Double? { rate.map { 1 - $0 } }
}
