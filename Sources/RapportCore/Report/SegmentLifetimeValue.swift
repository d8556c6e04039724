/// Lifetime value of one group of purchasing customers (a value of the segment attribute, or
/// `all`): a row of `report value` and a bar of the HTML report's value chart.
public struct SegmentLifetimeValue: Sendable, Equatable {
    /// `all`, a segment value, or `(none)`.
    public var segment: String
    public var customers: Int
    public var purchases: Int
    /// nil without purchases.
    public var averageOrderValue: Double?
    /// nil without customers.
    public var purchasesPerCustomer: Double?
    /// nil without purchases or without a lifespan (nobody churned).
    public var value: CustomerLifetimeValue?

    /// The row of every purchasing customer, and the group of those without the attribute.
    public static let all = "all"
    public static let none = "(none)"

    /// `all` first, then one row per segment value in name order (`(none)` for customers without
    /// one) when `segmented`; `members` are each customer's segment value and order amounts.
    public static func rows(
        _ members: [(segment: String?, amounts: [Double])], segmented: Bool, lifespan: Double?
    ) -> [SegmentLifetimeValue] {
        var groups = [(Self.all, members)]
        if segmented {
            let bySegment = Dictionary(grouping: members) { $0.segment ?? Self.none }
            groups += bySegment.keys.sorted().map { ($0, bySegment[$0]!) }
        }
        return groups.map { name, members in
            let amounts = members.flatMap(\.amounts)
            return SegmentLifetimeValue(
                segment: name, customers: members.count, purchases: amounts.count,
                averageOrderValue: amounts.isEmpty ? nil : amounts.reduce(0, +) / Double(amounts.count),
                purchasesPerCustomer: members.isEmpty ? nil : Double(amounts.count) / Double(members.count),
                value: lifespan.flatMap {
                    CustomerLifetimeValue(orderAmounts: amounts, customers: members.count, averageLifespan: $0)
                })
        }
    }
}
