public import Foundation

extension Decision.Action {
    /// What the action writes in its ledger row at `now`: the status, the reason, when a queued or
    /// deferred one may go, and when a final one finished. The store writes it; a preview plays it.
    public func ledgerRow(at now: Date) -> (status: DeliveryStatus, reason: String?, notBefore: Date?, finished: Date?)
    {
        switch self {
        case .send: (.queued, nil, now, nil)
        case .deferral(let until, let reason): (.deferred, reason, until, nil)
        case .skip(let reason): (.skipped, reason, nil, now)
        case .expiry(let reason): (.expired, reason, nil, now)
        case .holdout: (.heldOut, "control group (holdout)", nil, now)
        }
    }
}
