public import Foundation
internal import GRDB
public import RapportCore

/// What customers did with a message once it arrived, for the campaign report.
public enum MessageEventKind: String, Sendable {
    case open
    case click
}

extension Store {
    /// Records an open (the tracking image was fetched) or a click (with the link followed)
    /// against the message the token names. Every fetch counts; reports count distinct messages.
    public func recordMessageEvent(
        _ kind: MessageEventKind, campaignID: String, customerID: String, occurrence: OccurrenceKey, url: String? = nil,
        at now: Date
    ) throws(StoreError) {
        try perform {
            try engine.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO message_events (campaign_id, customer_id, occurrence, kind, url, at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """, arguments: [campaignID, customerID, occurrence.rawValue, kind.rawValue, url, now])
            }
        }
    }
}
