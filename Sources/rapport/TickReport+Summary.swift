import RapportDaemon

extension TickReport.Counts {
    /// Two groups that each add up to their own total, so no count is read as more messages:
    /// `4 delivery attempts (4 sent, 0 failed, 0 retrying, 0 suppressed); 4 occurrences due
    /// (4 queued, 0 skipped, 0 deferred, 0 expired)`. A message queued and sent in the same tick
    /// is in both groups: once as an occurrence that became due, once as an attempt.
    var summary: String {
        let attempts = counted(sent + failed + retrying + suppressed, "delivery attempt")
        let due = counted(queued + skipped + deferred + expired + heldOut, "occurrence")
        return
            "\(attempts) (\(sent) sent, \(failed) failed, \(retrying) retrying, \(suppressed) suppressed); "
            + "\(due) due (\(queued) queued, \(skipped) skipped, \(deferred) deferred, \(expired) expired"
            + (heldOut > 0 ? ", \(heldOut) held out)" : ")")
    }
}
