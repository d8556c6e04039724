public import Foundation
internal import GRDB

/// An address no campaign sends to again.
public struct Suppression: Sendable, Equatable, Codable {
    public var address: String
    public var reason: String
    public var createdAt: Date

    public init(address: String, reason: String, createdAt: Date) {
        self.address = address
        self.reason = reason
        self.createdAt = createdAt
    }
}

extension Store {
    /// Adds addresses (compared without case); one already listed keeps its first reason.
    /// Returns how many were new.
    @discardableResult
    public func suppress(_ addresses: [String], reason: String, at now: Date) throws(StoreError) -> Int {
        try suppress(addresses.map { (address: $0, reason: reason) }, at: now)
    }

    /// Adds each address with its own reason (an import of a bounce export), in one transaction;
    /// one already listed keeps its first reason. Returns how many were new.
    @discardableResult
    public func suppress(_ entries: [(address: String, reason: String)], at now: Date) throws(StoreError) -> Int {
        try perform {
            try engine.write { db in
                var added = 0
                for entry in entries {
                    try db.execute(
                        sql: """
                            INSERT INTO suppressions (address, reason, created_at) VALUES (?, ?, ?)
                            ON CONFLICT (\(dialect.caselessKey("address"))) DO NOTHING
                            """, arguments: [entry.address, entry.reason, now])
                    added += db.changesCount
                }
                return added
            }
        }
    }

    /// Returns how many were listed.
    @discardableResult
    public func unsuppress(_ addresses: [String]) throws(StoreError) -> Int {
        try perform {
            try engine.write { db in
                var removed = 0
                for address in addresses {
                    try db.execute(
                        sql: "DELETE FROM suppressions WHERE \(dialect.caseless("address")) = \(dialect.caseless("?"))",
                        arguments: [address])
                    removed += db.changesCount
                }
                return removed
            }
        }
    }

    /// The entry for `address` as written, or for its hash when an erased customer had it; else
    /// the entry for `channelAddress` (`zalo:+84…`), a refusal by one channel only. One read.
    public func suppression(of address: String, orOnChannel channelAddress: String? = nil) throws(StoreError)
        -> Suppression?
    {
        try suppressions(of: [(address, channelAddress)])[0]
    }

    /// `suppression(of:orOnChannel:)` for each recipient, in order, in one read: what a delivery
    /// worker asks once for its batch.
    public func suppressions(of recipients: [(address: String, channelAddress: String?)]) throws(StoreError)
        -> [Suppression?]
    {
        guard !recipients.isEmpty else { return [] }
        return try perform {
            try engine.read { db in
                let salt = try Self.erasureSalt(db)
                var found = [Suppression?](repeating: nil, count: recipients.count)
                // A few recipients per statement: three parameters each.
                for start in stride(from: 0, to: recipients.count, by: 100) {
                    let slice = recipients[start..<min(start + 100, recipients.count)]
                    var arguments = StoreArguments()
                    for recipient in slice {
                        arguments.append(contentsOf: [
                            recipient.address, Self.hashedAddress(recipient.address, salt: salt),
                            recipient.channelAddress ?? recipient.address,
                        ])
                    }
                    let rows = try db.fetchAll(
                        sql: slice.indices.map {
                            suppressionSelection(of: $0 - start, firstParameter: 3 * ($0 - start) + 1)
                        }
                        .joined(separator: "\nUNION ALL\n"),
                        arguments: arguments)
                    for row in rows {
                        found[start + (row["recipient"] as Int)] = Suppression(
                            address: row["address"], reason: row["reason"], createdAt: row["created_at"])
                    }
                }
                return found
            }
        }
    }

    /// The best entry for one recipient, numbered `index` in the result, whose address, hashed
    /// address and channel address are bound from `?first` on: the address as written first, then
    /// its hash, then the channel's entry.
    private func suppressionSelection(of index: Int, firstParameter first: Int) -> String {
        let (column, address, hashed, onChannel) = (
            dialect.caseless("address"), dialect.caseless("?\(first)"), dialect.caseless("?\(first + 1)"),
            dialect.caseless("?\(first + 2)")
        )
        return """
            SELECT * FROM (
                SELECT \(index) AS recipient, address, reason, created_at FROM suppressions
                WHERE \(column) IN (\(address), \(hashed), \(onChannel))
                ORDER BY \(column) = \(address) DESC, \(column) = \(hashed) DESC LIMIT 1) AS s\(index)
            """
    }

    public func suppressions() throws(StoreError) -> [Suppression] {
        try perform {
            try engine.read { db in
                try db.fetchAll(sql: "SELECT * FROM suppressions ORDER BY address").map {
                    Suppression(address: $0["address"], reason: $0["reason"], createdAt: $0["created_at"])
                }
            }
        }
    }

    /// Matches the suppression of the address bound to `?1`, and its entries on every channel
    /// (`zalo:+84…`).
    static func addressOrOnAnyChannel(_ dialect: StoreDialect) -> String {
        let column = dialect.caseless("address")
        let address = dialect.caseless("?1")
        return "\(column) = \(address) OR \(column) LIKE '%:' || \(address)"
    }
}
