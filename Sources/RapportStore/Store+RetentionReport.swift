public import Foundation
internal import GRDB
public import RapportCore

extension Store {
    /// Customers at the start and end of `start..<end` and those new in it, where a customer
    /// counts at an instant when they signed up before it and were active within `activeWithin`
    /// before it (an activity or purchase event, or signing up). New customers count when they
    /// are active at the end, so the rate stays within 0…1.
    public func retention(from start: Date, to end: Date, activeWithin: TimeInterval) throws(StoreError)
        -> RetentionRate
    {
        let kinds = CustomerEvent.activityKinds.sorted()
        func active(at instant: Date) -> (sql: String, arguments: StatementArguments) {
            let since = instant.addingTimeInterval(-activeWithin)
            var arguments = StatementArguments([instant, since, instant])
            _ = arguments.append(contentsOf: StatementArguments(kinds))
            _ = arguments.append(contentsOf: [since, instant])
            return (
                """
                (c.signed_up_at IS NULL OR c.signed_up_at < ?) AND (
                  (c.signed_up_at > ? AND c.signed_up_at <= ?)
                  OR EXISTS (SELECT 1 FROM events e WHERE e.customer_id = c.id
                    AND e.kind IN (\(kinds.map { _ in "?" }.joined(separator: ", ")))
                    AND e.occurred_at > ? AND e.occurred_at <= ?))
                """, arguments
            )
        }
        return try perform {
            try writer.read { db in
                let atStart = active(at: start)
                let atEnd = active(at: end)
                let startCount =
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM customers c WHERE \(atStart.sql)", arguments: atStart.arguments)
                    ?? 0
                let endCount =
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM customers c WHERE \(atEnd.sql)", arguments: atEnd.arguments) ?? 0
                var newArguments = StatementArguments([start, end])
                _ = newArguments.append(contentsOf: atEnd.arguments)
                let newCount =
                    try Int.fetchOne(
                        db,
                        sql:
                            "SELECT COUNT(*) FROM customers c WHERE c.signed_up_at >= ? AND c.signed_up_at < ? AND \(atEnd.sql)",
                        arguments: newArguments) ?? 0
                return RetentionRate(customersAtStart: startCount, customersAtEnd: endCount, newCustomers: newCount)
            }
        }
    }

    /// Customers who signed up in `start..<end`, by signup month (UTC), with how many of each
    /// month were active (an activity or purchase event) in each month after.
    public func signupCohorts(from start: Date, to end: Date) throws(StoreError) -> [SignupCohort] {
        let kinds = CustomerEvent.activityKinds.sorted()
        var arguments = StatementArguments([start, end])
        _ = arguments.append(contentsOf: StatementArguments(kinds))
        return try perform {
            try writer.read { db in
                var cohorts: [String: SignupCohort] = [:]
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT strftime('%Y-%m', signed_up_at) AS month, COUNT(*) AS n FROM customers
                        WHERE signed_up_at >= ? AND signed_up_at < ? GROUP BY month
                        """, arguments: [start, end])
                {
                    cohorts[row["month"]] = SignupCohort(month: row["month"], size: row["n"], activeByMonth: [:])
                }
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT strftime('%Y-%m', c.signed_up_at) AS month,
                            (CAST(strftime('%Y', e.occurred_at) AS INTEGER) - CAST(strftime('%Y', c.signed_up_at) AS INTEGER)) * 12
                            + CAST(strftime('%m', e.occurred_at) AS INTEGER) - CAST(strftime('%m', c.signed_up_at) AS INTEGER) AS offset,
                            COUNT(DISTINCT c.id) AS n
                        FROM customers c JOIN events e ON e.customer_id = c.id
                        WHERE c.signed_up_at >= ? AND c.signed_up_at < ?
                          AND e.kind IN (\(kinds.map { _ in "?" }.joined(separator: ", ")))
                          AND e.occurred_at >= c.signed_up_at
                        GROUP BY month, offset
                        """, arguments: arguments)
                {
                    cohorts[row["month"]]?.activeByMonth[row["offset"]] = row["n"]
                }
                return cohorts.keys.sorted().compactMap { cohorts[$0] }
            }
        }
    }
}
