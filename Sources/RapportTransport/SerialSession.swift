import Dispatch
import RapportCore
import Synchronization

/// Runs one `TransportSession`'s deliveries one at a time, each on the session's own serial queue
/// rather than on Swift's cooperative threads, which libcurl would block.
///
/// The queue orders deliveries without holding threads; the mutex lets the compiler check that the
/// non-thread-safe session is only used under it. A delivery is not interrupted by task
/// cancellation; the session's timeout bounds it.
final class SerialSession<Session: TransportSession>: Sendable {
    private let session: Mutex<Session>
    private let queue: DispatchQueue

    /// `label` names the queue in debuggers and crash reports.
    init(_ session: sending Session, label: String) {
        self.session = Mutex(session)
        queue = DispatchQueue(label: label)
    }

    func send(_ envelope: Envelope) async -> Result<TransportReceipt, TransportError> {
        await perform { $0.send(envelope) }
    }

    /// Runs `work` with the session on its queue, after the work queued before it.
    func perform<Value: Sendable>(_ work: @escaping @Sendable (Session) -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: self.session.withLock { work($0) })
            }
        }
    }
}
