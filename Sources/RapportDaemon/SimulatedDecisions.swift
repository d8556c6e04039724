public import RapportCore
public import RapportStore

/// What a simulation's scratch copy decided, in the order it was decided: read from the copy, as
/// often as needed, until `Tick.simulate` deletes it. Rows are handed over one at a time, since a
/// month of a large store is about a million of them.
public struct SimulatedDecisions: Sendable {
    let store: Store
    let mark: LedgerMark

    public func forEach(_ body: (LedgerEntry) -> Void) throws(StoreError) {
        try store.forEachEntry(changedSince: mark, body)
    }
}
