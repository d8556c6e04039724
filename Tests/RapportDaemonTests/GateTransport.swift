import Foundation
import RapportCore

/// Holds every delivery until the test opens the gate: a transport with a message in flight, as
/// a slow SMTP server would keep it.
final class GateTransport: Transport, @unchecked Sendable {
    private let lock = NSLock()
    private var isOpen = false
    private var held: [CheckedContinuation<Void, Never>] = []
    private var arrived: [String] = []

    /// The recipient of every delivery that reached the transport, held or not.
    var arrivals: [String] { lock.withLock { arrived } }

    func deliver(_ envelope: Envelope) async throws(TransportError) -> TransportReceipt {
        await withCheckedContinuation { continuation in
            let passes = lock.withLock {
                arrived.append(envelope.recipient.address)
                if !isOpen { held.append(continuation) }
                return isOpen
            }
            if passes { continuation.resume() }
        }
        return TransportReceipt(reply: "250 2.0.0 Ok")
    }

    /// Lets the held deliveries and every later one through.
    func open() {
        let waiting = lock.withLock {
            isOpen = true
            defer { held = [] }
            return held
        }
        for continuation in waiting { continuation.resume() }
    }
}
