public import Foundation

/// The instants a preview plays the daemon's ticks at, in order, and each campaign's last
/// evaluation before the first: what tells a tick which occurrences opened and closed unseen.
public struct SimulatedTicks: Sendable {
    public let instants: [Date]
    /// The store's last evaluation of each campaign; none for a campaign never evaluated.
    public let lastEvaluations: [String: Date]

    /// `instants` must be in increasing order.
    public init(instants: [Date], lastEvaluations: [String: Date]) {
        self.instants = instants
        self.lastEvaluations = lastEvaluations
    }

    /// The index of the first instant at or after `date`; nil when every instant is before it.
    public func first(atOrAfter date: Date) -> Int? {
        var low = 0
        var high = instants.count
        while low < high {
            let middle = (low + high) / 2
            if instants[middle] < date { low = middle + 1 } else { high = middle }
        }
        return low < instants.count ? low : nil
    }

    /// The evaluation of a campaign before the tick at `index`: the tick before it, or for the
    /// first, the store's.
    public func previous(of campaignID: String, before index: Int) -> Date? {
        index == 0 ? lastEvaluations[campaignID] : instants[index - 1]
    }
}
