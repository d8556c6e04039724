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

    /// `suppression(of:orOnChannel:)` for many addresses in one read, in their order: a preview
    /// asks for a slice of customers at once rather than a read per message.
    public func suppressions(of addresses: [(address: String, channelAddress: String?)]) throws(StoreError)
        -> [Suppression?]
    {
        try perform {
            try engine.read { db in
                let salt = try Self.erasureSalt(db)
                let (column, first, second, third) = (
                    dialect.caseless("address"), dialect.caseless("?1"), dialect.caseless("?2"), dialect.caseless("?3")
                )
                return try addresses.map { address, channelAddress in
                    try db.fetchOne(
                        sql: """
                            SELECT * FROM suppressions WHERE \(column) IN (\(first), \(second), \(third))
                            ORDER BY \(column) = \(first) DESC, \(column) = \(second) DESC LIMIT 1
                            """,
                        arguments: [address, Self.hashedAddress(address, salt: salt), channelAddress ?? address]
                    ).map {
                        Suppression(address: $0["address"], reason: $0["reason"], createdAt: $0["created_at"])
                    }
                }
            }
        }
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
