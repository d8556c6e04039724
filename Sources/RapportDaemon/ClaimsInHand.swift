import Synchronization

/// What this daemon's workers hold that the ledger does not fully show, shared by all of them
/// (and across reloads):
///
/// - claims this daemon holds that were never handed to a transport — waiting in a worker's
///   batch, or left when the store failed before they went out: another worker of this daemon
///   that takes one over after its lease ran out knows it was never sent, and does not warn of a
///   possible duplicate;
/// - outcomes a transport gave that the ledger has not recorded yet, because the store refused
///   the write (locked by another process past its busy timeout, a full disk), by ledger row,
///   with the claim owner the row's lease is under now. The worker holding one keeps trying to
///   record it; should another worker of this daemon claim the row meanwhile, it must not send
///   the message again — the server has it — and the outcome is written under its claim instead.
public final class ClaimsInHand: Sendable {
    private let unsent = Mutex<Set<Int64>>([])
    private let unrecorded = Mutex<[Int64: String]>([:])

    public init() {}

    func markUnsent(_ ids: [Int64]) {
        unsent.withLock { $0.formUnion(ids) }
    }

    /// Handed to a transport, or given back to the queue.
    func clearUnsent(_ ids: [Int64]) {
        unsent.withLock { $0.subtract(ids) }
    }

    /// Of `ids`, those this daemon claimed and never handed to a transport.
    func unsent(among ids: [Int64]) -> Set<Int64> {
        unsent.withLock { $0.intersection(ids) }
    }

    func holdOutcome(of id: Int64, owner: String) {
        unrecorded.withLock { $0[id] = owner }
    }

    /// True when `id`'s outcome is held here: the caller, which has just claimed the row as
    /// `owner`, must not send it; the outcome will be written under its claim.
    func adoptOutcome(of id: Int64, owner: String) -> Bool {
        unrecorded.withLock { owners in
            guard owners[id] != nil else { return false }
            owners[id] = owner
            return true
        }
    }

    func outcomeOwner(of id: Int64) -> String? {
        unrecorded.withLock { $0[id] }
    }

    func releaseOutcome(of id: Int64) {
        unrecorded.withLock { $0[id] = nil }
    }
}
