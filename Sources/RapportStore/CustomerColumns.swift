import Foundation
internal import GRDB
import RapportCore

/// Where each customer column sits in a statement's rows, found once per statement: a tick
/// decodes thousands of candidates, and looking each column up by name costs more than the rest
/// of the decoding. Without `attributes`, the free attributes are left empty: decoding their JSON
/// is most of a candidate's cost, and only an audience that tests them needs them.
struct CustomerColumns {
    private let readsAttributes: Bool
    private let id, email, phone, firstName, lastName, locale, timeZone, birthday, signedUpAt, lastActiveAt,
        renewalDate, renewalRecordedAt, attributes, subscription, unsubscribedCategories, erasedAt: Int

    private static let attributeDecoder = JSONDecoder()

    init(_ columnNames: [String], attributes readsAttributes: Bool = true) {
        self.readsAttributes = readsAttributes
        var positions: [String: Int] = [:]
        // The first of a name wins: `SELECT c.*, e.id AS event_id` keeps the customer's id.
        for (index, name) in columnNames.enumerated() where positions[name.lowercased()] == nil {
            positions[name.lowercased()] = index
        }
        func position(_ name: String) -> Int { positions[name] ?? -1 }
        id = position("id")
        email = position("email")
        phone = position("phone")
        firstName = position("first_name")
        lastName = position("last_name")
        locale = position("locale")
        timeZone = position("time_zone")
        birthday = position("birthday")
        signedUpAt = position("signed_up_at")
        lastActiveAt = position("last_active_at")
        renewalDate = position("renewal_date")
        renewalRecordedAt = position("renewal_recorded_at")
        attributes = position("attributes")
        subscription = position("subscription")
        unsubscribedCategories = position("unsubscribed_categories")
        erasedAt = position("erased_at")
    }

    func customer(from row: Row) throws -> Customer {
        var decoded: [String: AttributeValue] = [:]
        if readsAttributes {
            let json: String = row[attributes]
            if json != "{}" {
                decoded = try Self.attributeDecoder.decode([String: AttributeValue].self, from: Data(json.utf8))
            }
        }
        var customer = Customer(
            id: row[id], email: row[email], phone: row[phone], firstName: row[firstName], lastName: row[lastName],
            locale: row[locale],
            timeZone: row[timeZone], birthday: (row[birthday] as String?).flatMap(LocalDate.init),
            signedUpAt: row[signedUpAt], lastActiveAt: row[lastActiveAt],
            renewalDate: (row[renewalDate] as String?).flatMap(LocalDate.init), attributes: decoded,
            subscription: SubscriptionStatus(rawValue: row[subscription]) ?? .subscribed)
        customer.renewalRecordedAt = row[renewalRecordedAt]
        if erasedAt >= 0 { customer.erasedAt = row[erasedAt] }
        customer.unsubscribedCategories = Set(
            (row[unsubscribedCategories] as String? ?? "").split(separator: ",").compactMap {
                MessageCategory(rawValue: String($0))
            })
        return customer
    }

    /// Every customer a query selects (`SELECT c.* …`), with `extra` reading other columns of
    /// the same row.
    static func fetchAll<Extra>(
        _ db: any StoreSession, sql: String, arguments: StoreArguments = StoreArguments(), attributes: Bool = true,
        extra: (Row) throws -> Extra
    ) throws -> [(Customer, Extra)] {
        var result: [(Customer, Extra)] = []
        try forEach(db, sql: sql, arguments: arguments, attributes: attributes) { customer, row in
            result.append((customer, try extra(row)))
        }
        return result
    }

    /// Hands over each customer a query selects with its row, one at a time. The column
    /// positions are worked out once, from the first row, where the engine keeps them.
    static func forEach(
        _ db: any StoreSession, sql: String, arguments: StoreArguments = StoreArguments(), attributes: Bool = true,
        _ body: (Customer, Row) throws -> Void
    ) throws {
        var columns: CustomerColumns?
        try db.forEachRow(sql: sql, arguments: arguments) { row in
            if columns == nil || !db.rowsShareColumnOrder {
                columns = CustomerColumns(Array(row.columnNames), attributes: attributes)
            }
            try body(try columns!.customer(from: row), row)
        }
    }

    static func fetchAll(
        _ db: any StoreSession, sql: String, arguments: StoreArguments = StoreArguments(), attributes: Bool = true
    ) throws -> [Customer] {
        try fetchAll(db, sql: sql, arguments: arguments, attributes: attributes) { _ in () }.map(\.0)
    }
}
