import Synchronization

/// Outcomes a transport gave that the ledger has not recorded yet, because the store refused
/// the write (locked by another process past its busy timeout, a full disk): by ledger row, the
/// claim owner the row's lease is under now.
///
/// The worker holding such an outcome keeps trying to record it and claims nothing new. Should
/// the row's lease run out meanwhile and another worker of this daemon claim it, that worker must
/// not send the message again — the server has it — so it leaves the row alone, and the outcome
/// is written under its claim instead. Shared by every worker of a daemon, across reloads.
public final class UnrecordedOutcomes: Sendable {
    private let owners = Mutex<[Int64: String]>([:])

    public init() {}

    func hold(_ id: Int64, owner: String) {
        owners.withLock { $0[id] = owner }
    }

    /// True when `id`'s outcome is held here: the caller, which has just claimed the row as
    /// `owner`, must not send it; the outcome will be written under its claim.
    func adopt(_ id: Int64, owner: String) -> Bool {
        owners.withLock { owners in
            guard owners[id] != nil else { return false }
            owners[id] = owner
            return true
        }
    }

    func owner(of id: Int64) -> String? {
        owners.withLock { $0[id] }
    }

    func release(_ id: Int64) {
        owners.withLock { $0[id] = nil }
    }
}
