/// What one tick did, per campaign, for the log line and `run --once` output.
public struct TickReport: Sendable, Equatable {
    public struct Counts: Sendable, Equatable {
        public var sent = 0
        public var failed = 0
        public var skipped = 0
        /// Due outside the send window; held in the ledger until it opens.
        public var deferred = 0
        /// Held back by the frequency cap past the campaign's max_delay.
        public var expired = 0
        /// Due but already claimed by another tick or daemon.
        public var alreadyClaimed = 0
    }

    public var counts: [String: Counts] = [:]

    public init() {}

    public var total: Counts {
        counts.values.reduce(into: Counts()) { total, next in
            total.sent += next.sent
            total.failed += next.failed
            total.skipped += next.skipped
            total.deferred += next.deferred
            total.expired += next.expired
            total.alreadyClaimed += next.alreadyClaimed
        }
    }
}
