/// Customers who signed up in one month, and how many of them were active in each month after:
/// one row of the cohort retention table.
public struct SignupCohort: Sendable, Equatable {
    /// `2026-09`.
    public var month: String
    public var size: Int
    /// Months since signup (0 = the signup month) → customers active in that month.
    public var activeByMonth: [Int: Int]

    public init(month: String, size: Int, activeByMonth: [Int: Int]) {
        self.month = month
        self.size = size
        self.activeByMonth = activeByMonth
    }

    /// Share of the cohort active `offset` months after signing up.
    public func share(afterMonths offset: Int) -> Double? {
        size > 0 ? Double(activeByMonth[offset] ?? 0) / Double(size) : nil
    }
}
