public import Foundation
internal import GRDB
public import RapportCore

/// The Zalo apps' tokens, one row per app. A renewal is leased on the row (`refresh_owner`,
/// `refresh_until`) so that one daemon at a time spends the single-use refresh token, and the
/// renewed pair is written in its own transaction before anything else happens.
extension Store: ZNSTokenVault {
    public func tokens(appID: String) throws -> ZNSTokens? {
        try perform {
            try engine.read { db in
                try db.fetchOne(sql: "SELECT * FROM zns_tokens WHERE app_id = ?", arguments: [appID]).map(
                    Self.tokens)
            }
        }
    }

    public func beginRenewal(appID: String, owner: String, until: Date, at now: Date) throws -> ZNSTokens? {
        try perform {
            try engine.write { db in
                try db.execute(
                    sql: """
                        UPDATE zns_tokens SET refresh_owner = ?, refresh_until = ?
                        WHERE app_id = ? AND (refresh_owner IS NULL OR refresh_until <= ?)
                        """, arguments: [owner, until, appID, now])
                guard db.changesCount > 0 else { return nil }
                return try db.fetchOne(sql: "SELECT * FROM zns_tokens WHERE app_id = ?", arguments: [appID])
                    .map(Self.tokens)
            }
        }
    }

    public func finishRenewal(appID: String, owner: String, tokens: ZNSTokens, at now: Date) throws {
        try perform {
            try engine.write { db in
                try db.execute(
                    sql: """
                        UPDATE zns_tokens SET access_token = ?, access_expires_at = ?, refresh_token = ?,
                            refresh_owner = NULL, refresh_until = NULL, updated_at = ?
                        WHERE app_id = ?
                        """,
                    arguments: [tokens.accessToken, tokens.accessExpiresAt, tokens.refreshToken, now, appID])
            }
        }
    }

    public func abandonRenewal(appID: String, owner: String) throws {
        try perform {
            try engine.write { db in
                try db.execute(
                    sql: """
                        UPDATE zns_tokens SET refresh_owner = NULL, refresh_until = NULL
                        WHERE app_id = ? AND refresh_owner = ?
                        """, arguments: [appID, owner])
            }
        }
    }

    /// Seeds or replaces the refresh token (a new one from Zalo after authorising the app), and
    /// forgets the access token it replaces, so the next message renews with the new one.
    public func setZNSRefreshToken(appID: String, _ token: String, at now: Date) throws(StoreError) {
        try perform {
            try engine.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO zns_tokens (app_id, refresh_token, updated_at) VALUES (?, ?, ?)
                        ON CONFLICT (app_id) DO UPDATE SET refresh_token = excluded.refresh_token,
                            access_token = NULL, access_expires_at = NULL, refresh_owner = NULL,
                            refresh_until = NULL, updated_at = excluded.updated_at
                        """, arguments: [appID, token, now])
            }
        }
    }

    private static func tokens(_ row: Row) -> ZNSTokens {
        ZNSTokens(
            accessToken: row["access_token"], accessExpiresAt: row["access_expires_at"],
            refreshToken: row["refresh_token"])
    }
}
