public import Foundation
internal import GRDB
public import RapportCore

extension Store {
    /// Customers at the start and end of `start..<end` and those new in it, where a customer
    /// counts at an instant when they signed up before it and were active within `activeWithin`
    /// before it (an activity or purchase event, the imported `last_active_at` — what win-back
    /// reads too — or signing up). New customers count when they are active at the end; customers
    /// back from a quiet spell are counted apart as reactivated.
    public func retention(from start: Date, to end: Date, activeWithin: TimeInterval) throws(StoreError)
        -> RetentionRate
    {
        let kinds = CustomerEvent.activityKinds.sorted()
        func active(at instant: Date) -> (sql: String, arguments: StoreArguments) {
            let since = instant.addingTimeInterval(-activeWithin)
            var arguments = StoreArguments([instant, since, instant, since, instant])
            arguments.append(contentsOf: StoreArguments(kinds))
            arguments.append(contentsOf: [since, instant])
            return (
                """
                (c.signed_up_at IS NULL OR c.signed_up_at < ?) AND (
                  (c.signed_up_at > ? AND c.signed_up_at <= ?)
                  OR (c.last_active_at > ? AND c.last_active_at <= ?)
                  OR EXISTS (SELECT 1 FROM events e WHERE e.customer_id = c.id
                    AND e.kind IN (\(kinds.map { _ in "?" }.joined(separator: ", ")))
                    AND e.occurred_at > ? AND e.occurred_at <= ?))
                """, arguments
            )
        }
        return try perform {
            try engine.read { db in
                let atStart = active(at: start)
                let atEnd = active(at: end)
                let startCount =
                    try db.fetchOne(
                        Int.self, sql: "SELECT COUNT(*) FROM customers c WHERE \(atStart.sql)",
                        arguments: atStart.arguments)
                    ?? 0
                let endCount =
                    try db.fetchOne(
                        Int.self, sql: "SELECT COUNT(*) FROM customers c WHERE \(atEnd.sql)", arguments: atEnd.arguments
                    ) ?? 0
                var newArguments = StoreArguments([start, end])
                newArguments.append(contentsOf: atEnd.arguments)
                let newCount =
                    try db.fetchOne(
                        Int.self,
                        sql:
                            "SELECT COUNT(*) FROM customers c WHERE c.signed_up_at >= ? AND c.signed_up_at < ? AND \(atEnd.sql)",
                        arguments: newArguments) ?? 0
                // Active at the end, signed up before the period, not active at its start. COALESCE:
                // the start test is NULL, not false, for a customer with no signup time.
                var comebackArguments = atEnd.arguments
                comebackArguments.append(contentsOf: [start])
                comebackArguments.append(contentsOf: atStart.arguments)
                let reactivatedCount =
                    try db.fetchOne(
                        Int.self,
                        sql: """
                            SELECT COUNT(*) FROM customers c WHERE \(atEnd.sql)
                              AND (c.signed_up_at IS NULL OR c.signed_up_at < ?) AND NOT COALESCE((\(atStart.sql)), FALSE)
                            """, arguments: comebackArguments) ?? 0
                return RetentionRate(
                    customersAtStart: startCount, customersAtEnd: endCount, newCustomers: newCount,
                    reactivatedCustomers: reactivatedCount)
            }
        }
    }

    /// Customers who signed up in `start..<end`, by signup month in `zone`, with how many of each
    /// month were active (an activity or purchase event) in each month after.
    public func signupCohorts(from start: Date, to end: Date, zone: TimeZone) throws(StoreError) -> [SignupCohort] {
        let kinds = StoreArguments(CustomerEvent.activityKinds.sorted())
        let kindList = CustomerEvent.activityKinds.map { _ in "?" }.joined(separator: ", ")
        return try perform {
            try engine.read { db in
                // The latest activity bounds the months an event can fall in.
                let latest =
                    try db.fetchOne(
                        Date.self, sql: "SELECT MAX(occurred_at) FROM events WHERE kind IN (\(kindList))",
                        arguments: kinds)
                    ?? end
                let months = SignupCohort.months(from: start, through: max(end, latest), in: zone)
                let table =
                    "months(idx, starts) AS (VALUES " + months.indices.map { "(\($0), ?)" }.joined(separator: ", ")
                    + ")"
                let bounds = StoreArguments(months.map(\.start))
                // A time's month: the last one starting at or before it.
                func month(of column: String) -> String { "(SELECT MAX(idx) FROM months WHERE starts <= \(column))" }
                var cohorts: [Int: SignupCohort] = [:]
                for row in try db.fetchAll(
                    sql: """
                        WITH \(table)
                        SELECT \(month(of: "signed_up_at")) AS m, COUNT(*) AS n FROM customers
                        WHERE signed_up_at >= ? AND signed_up_at < ? GROUP BY m
                        """, arguments: bounds + [start, end])
                {
                    let index: Int = row["m"]
                    cohorts[index] = SignupCohort(month: months[index].month, size: row["n"], activeByMonth: [:])
                }
                for row in try db.fetchAll(
                    sql: """
                        WITH \(table)
                        SELECT m, active - m AS month_offset, COUNT(DISTINCT id) AS n FROM (
                            SELECT c.id, \(month(of: "c.signed_up_at")) AS m, \(month(of: "e.occurred_at")) AS active
                            FROM customers c JOIN events e ON e.customer_id = c.id
                            WHERE c.signed_up_at >= ? AND c.signed_up_at < ?
                              AND e.kind IN (\(kindList)) AND e.occurred_at >= c.signed_up_at) AS activity
                        GROUP BY m, month_offset
                        """, arguments: bounds + [start, end] + kinds)
                {
                    cohorts[row["m"]]?.activeByMonth[row["month_offset"]] = row["n"]
                }
                return cohorts.keys.sorted().compactMap { cohorts[$0] }
            }
        }
    }
}
