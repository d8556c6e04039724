/// What a customer is expected to spend over their whole time as a customer, the ceiling on what a
/// retention campaign is worth spending to keep one.
///
/// The three factors are kept, not only their product, so the report can show which one moved.
/// All use one period (a month, say) chosen by the caller: frequency is per that period and
/// lifespan counts those periods. Amounts are in the store's currency, as `Double` because this is
/// an estimate for a report, never an amount to charge.
public struct CustomerLifetimeValue: Sendable, Equatable {
    /// Currency per order: the mean order amount.
    public var averageOrderValue: Double
    /// Orders per customer per period.
    public var purchaseFrequency: Double
    /// Periods a customer stays a customer, on average.
    public var averageLifespan: Double

    public init(averageOrderValue: Double, purchaseFrequency: Double, averageLifespan: Double) {
        self.averageOrderValue = averageOrderValue
        self.purchaseFrequency = purchaseFrequency
        self.averageLifespan = averageLifespan
    }

    /// The factors from one period's orders: `orderAmounts` are the amounts of the orders placed in
    /// the period (currency each), `customers` the customers counted in that period, and
    /// `averageLifespan` in periods (see `lifespan(churnRate:)`).
    ///
    /// nil with no orders or no customers: an average of nothing is unknown, not zero.
    public init?(orderAmounts: [Double], customers: Int, averageLifespan: Double) {
        guard !orderAmounts.isEmpty, customers > 0 else { return nil }
        self.init(
            averageOrderValue: orderAmounts.reduce(0, +) / Double(orderAmounts.count),
            purchaseFrequency: Double(orderAmounts.count) / Double(customers),
            averageLifespan: averageLifespan)
    }

    /// Currency per customer: average order value × purchases per customer per period × lifespan in
    /// periods.
    public var value: Double { averageOrderValue * purchaseFrequency * averageLifespan }

    /// The usual estimate of the average lifespan, in periods, when it cannot be observed: a
    /// customer who leaves with probability `churnRate` each period stays 1 / churnRate periods on
    /// average. nil when nobody churns (the estimate is unbounded) or the rate is not in 0…1.
    public static func lifespan(churnRate: Double) -> Double? {
        guard churnRate > 0, churnRate <= 1 else { return nil }
        return 1 / churnRate
    }
}
