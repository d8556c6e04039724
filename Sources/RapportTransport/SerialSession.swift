import Dispatch
import RapportCore
import Synchronization

/// Runs one `TransportSession`'s deliveries one at a time, each on the session's own serial queue
/// rather than on Swift's cooperative threads, which libcurl would block.
///
/// The queue orders deliveries without holding threads; the mutex lets the compiler check that the
/// non-thread-safe session is only used under it. A delivery is not interrupted by task
/// cancellation; the session's timeout bounds it.
final class SerialSession: Sendable {
    private let session: Mutex<any TransportSession>
    private let queue: DispatchQueue

    /// `label` names the queue in debuggers and crash reports.
    init(_ session: sending any TransportSession, label: String) {
        self.session = Mutex(session)
        queue = DispatchQueue(label: label)
    }

    func send(_ envelope: Envelope) async -> Result<TransportReceipt, TransportError> {
        await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: self.session.withLock { $0.send(envelope) })
            }
        }
    }
}
