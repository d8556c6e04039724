public import RapportCore
import Synchronization

/// How the scheduler tells the delivery workers that an evaluation has queued messages: it rings
/// with the campaigns it evaluated (what renders their messages), and the workers wake up.
///
/// A ring while the workers are busy is kept, so they look at the queue once more when done.
public final class DeliveryBell: Sendable {
    private struct State {
        var evaluators: [String: CampaignEvaluator]?
        var rung = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    /// Called after each evaluation with the campaigns that now render queued messages.
    public func ring(with evaluators: [String: CampaignEvaluator]) {
        let waiter = state.withLock { state in
            state.evaluators = evaluators
            defer { state.waiter = nil }
            // A waiting task takes the ring now; otherwise the next wait does.
            state.rung = state.waiter == nil
            return state.waiter
        }
        waiter?.resume()
    }

    /// The campaigns of the latest ring; nil before the first evaluation.
    var evaluators: [String: CampaignEvaluator]? { state.withLock { $0.evaluators } }

    /// Returns when the bell has rung since the last wait (at once if it did meanwhile), or when
    /// the task is cancelled. One task waits at a time: the delivery service.
    func waitForRing() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if state.rung {
                        state.rung = false
                        return true
                    }
                    if Task.isCancelled { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}
