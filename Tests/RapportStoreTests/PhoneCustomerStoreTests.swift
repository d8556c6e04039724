import Foundation
import GRDB
import RapportCore
import RapportTestSupport
import Testing

@testable import RapportStore

/// Customers known by phone in the store, a store from before phones (v13) opened by this
/// version, the Zalo tokens' row lease, and a claim that moves on to its next channel.
@Suite struct PhoneCustomerStoreTests {
    let now = Timestamp.parse("2026-11-23T09:00:00+07:00")!

    @Test func aStoreFromBeforePhonesKeepsEveryCustomerAndTakesPhoneOnlyOnesAfter() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("old.sqlite")
        let old = try DatabaseQueue(path: path)
        try StoreMigrations.migrator.migrate(old, upTo: "v13: every sending row has a lease expiry")
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO customers (id, email, first_name, birthday, attributes, created_at, updated_at,
                        unsubscribed_categories)
                    VALUES ('C1', 'nhung@example.vn', 'Hồng Nhung', '1994-03-12', '{"plan":"gold"}',
                        '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000', 'survey');
                    INSERT INTO events (customer_id, kind, occurred_at, external_id, recorded_at)
                    VALUES ('C1', 'purchase', '2026-01-02 00:00:00.000', 'e1', '2026-01-02 00:00:00.000');
                    """)
        }
        try old.close()

        let store = try Store(path: path)
        let kept = try #require(try store.customer(id: "C1"))
        #expect(kept.email == "nhung@example.vn")
        #expect(kept.phone == nil)
        #expect(kept.firstName == "Hồng Nhung")
        #expect(kept.attributes == ["plan": .string("gold")])
        #expect(kept.unsubscribedCategories == [.survey])
        // The customer's events still refer to the rebuilt table.
        let orphans = try store.sqliteWriter!.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM events WHERE customer_id NOT IN (SELECT id FROM customers)")
        }
        #expect(orphans == 0)
        #expect(try store.sqliteWriter!.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }.isEmpty)
        var byPhone = CustomerPatch(id: "P1")
        byPhone.phone = "+84912345678"
        let (summary, rejected) = try store.upsert([byPhone, CustomerPatch(id: "X")], at: now)
        #expect(summary.inserted == 1)
        #expect(rejected == ["X"])
        #expect(try store.customer(id: "P1")?.phone == "+84912345678")
        #expect(try store.customer(id: "P1")?.email == nil)
        // The database itself refuses a customer with no address at all.
        #expect(throws: (any Error).self) {
            try store.sqliteWriter!.write { db in
                try db.execute(
                    sql: "INSERT INTO customers (id, created_at, updated_at) VALUES ('Z', '2026-01-01', '2026-01-01')")
            }
        }
    }

    @Test func oneRenewalAtATimeAndTheRenewedTokensKept() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("rapport.sqlite"))
        #expect(try store.beginRenewal(appID: "app", owner: "a", until: now + 60, at: now) == nil, "no token yet")
        try store.setZNSRefreshToken(appID: "app", "R0", at: now)
        let leased = try #require(try store.beginRenewal(appID: "app", owner: "a", until: now + 60, at: now))
        #expect(leased.refreshToken == "R0")
        #expect(try store.beginRenewal(appID: "app", owner: "b", until: now + 60, at: now + 1) == nil)
        // A lease that ran out (its daemon died) can be taken.
        #expect(try store.beginRenewal(appID: "app", owner: "b", until: now + 200, at: now + 61) != nil)
        let renewed = ZNSTokens(accessToken: "A1", accessExpiresAt: now + 90_000, refreshToken: "R1")
        try store.finishRenewal(appID: "app", owner: "b", tokens: renewed, at: now + 62)
        #expect(try store.tokens(appID: "app") == renewed)
        #expect(try store.beginRenewal(appID: "app", owner: "a", until: now + 200, at: now + 63) != nil)
        // A new refresh token from the operator forgets the access token it replaces.
        try store.setZNSRefreshToken(appID: "app", "R9", at: now + 64)
        #expect(try store.tokens(appID: "app") == ZNSTokens(accessToken: nil, accessExpiresAt: nil, refreshToken: "R9"))
        #expect(try store.beginRenewal(appID: "app", owner: "c", until: now + 200, at: now + 65) != nil)
    }

    @Test func aClaimMovesToItsNextChannelAndKeepsWhatTheLastAnswered() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("rapport.sqlite"))
        _ = try store.record(
            Decision(
                campaignID: "birthday", customerID: "P1", occurrence: OccurrenceKey(rawValue: "2027"), action: .send),
            transport: "zalo", at: now)
        let claim = try #require(
            try store.claimDue(owner: "w", campaignIDs: ["birthday"], limit: 1, lease: 60, at: now).first)
        #expect(claim.channel == 0)
        #expect(try store.moveToChannel(claim, owner: "w", channel: 1, note: "zalo +84912345678: -118"))
        #expect(!(try store.moveToChannel(claim, owner: "other", channel: 2, note: "x")), "only the claim's holder")
        #expect(try store.moveToChannel(claim, owner: "w", channel: 2, note: "sms +84912345678: 99"))
        // A worker that dies here: the next one resumes on the third channel.
        let resumed = try #require(
            try store.claimDue(owner: "w2", campaignIDs: ["birthday"], limit: 1, lease: 60, at: now + 61).first)
        #expect(resumed.channel == 2)
        #expect(
            try store.complete(resumed, owner: "w2", as: .sent, reply: "250 ok", transport: "default", at: now + 62))
        let row = try store.sqliteWriter!.read { db in
            try Row.fetchOne(db, sql: "SELECT transport, channel_attempts FROM deliveries")
        }
        #expect(row?["transport"] == "default")
        #expect(row?["channel_attempts"] == "zalo +84912345678: -118\nsms +84912345678: 99")
    }
}
