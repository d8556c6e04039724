import RapportCore

/// What one tick did, per campaign, for the log line and `run --once` output.
public struct TickReport: Sendable, Equatable {
    public struct Counts: Sendable, Equatable, Encodable {
        /// Became due and went to the delivery queue.
        public var queued = 0
        public var sent = 0
        public var failed = 0
        /// The server said "later": tried again at the time the ledger shows.
        public var retrying = 0
        public var suppressed = 0
        public var skipped = 0
        /// Due outside the send window or over the frequency cap; held in the ledger.
        public var deferred = 0
        /// Past their time: frequency cap beyond max_delay, or missed while no evaluation ran.
        public var expired = 0
        /// In a campaign's control group: recorded, not sent.
        public var heldOut = 0

        public init() {}

        mutating func count(_ status: DeliveryStatus) {
            switch status {
            case .queued: queued += 1
            case .sent: sent += 1
            case .failed: failed += 1
            case .retrying: retrying += 1
            case .suppressed: suppressed += 1
            case .skipped: skipped += 1
            case .deferred: deferred += 1
            case .expired: expired += 1
            case .heldOut: heldOut += 1
            case .sending: break
            }
        }

        static func + (lhs: Counts, rhs: Counts) -> Counts {
            var sum = lhs
            sum.queued += rhs.queued
            sum.sent += rhs.sent
            sum.failed += rhs.failed
            sum.retrying += rhs.retrying
            sum.suppressed += rhs.suppressed
            sum.skipped += rhs.skipped
            sum.deferred += rhs.deferred
            sum.expired += rhs.expired
            sum.heldOut += rhs.heldOut
            return sum
        }
    }

    public var counts: [String: Counts] = [:]

    public init() {}

    public var total: Counts { counts.values.reduce(Counts(), +) }

    mutating func count(_ status: DeliveryStatus, of campaignID: String) {
        counts[campaignID, default: Counts()].count(status)
    }

    mutating func merge(_ other: TickReport) {
        counts.merge(other.counts, uniquingKeysWith: +)
    }
}
