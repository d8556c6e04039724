/// What an import did, as a line or as one JSON object whose counts carry the names the HTTP
/// API's ingest replies use (`customers_created`, `events_recorded`, …).
struct ImportSummary: Encodable {
    var file: String
    /// Rows or lines refused, each reported on standard error.
    var skipped: Int
    var customersCreated: Int?
    var customersUpdated: Int?
    /// Rows that would have re-subscribed a customer who unsubscribed through a link.
    var keptUnsubscribed: Int?
    var eventsRecorded: Int?
    var eventsDuplicate: Int?

    var text: String {
        if let eventsRecorded {
            return
                "\(file): \(counted(eventsRecorded, "event")) recorded, \(eventsDuplicate ?? 0) already known, \(counted(skipped, "line")) skipped"
        }
        let created = customersCreated ?? 0
        let updated = customersUpdated ?? 0
        let kept = keptUnsubscribed ?? 0
        return
            "\(file): \(counted(created + updated, "customer")) imported (\(created) new, \(updated) updated), \(counted(skipped, "row")) skipped"
            + (kept > 0 ? ", \(kept) kept unsubscribed by their own choice" : "")
    }
}
