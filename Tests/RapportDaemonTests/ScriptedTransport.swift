import Foundation
import RapportCore

/// Answers each delivery with the next scripted outcome (then accepts): a stand-in for the
/// delivery engine's retry and suppression logic; the same outcomes from a real SMTP server are
/// tested in RapportIntegrationTests.
final class ScriptedTransport: Transport, @unchecked Sendable {
    private let lock = NSLock()
    private var script: [TransportError]
    private var attempts: [String] = []

    init(_ script: [TransportError]) {
        self.script = script
    }

    /// The Message-ID of every attempt, in order.
    var attemptedMessageIDs: [String] { lock.withLock { attempts } }

    func deliver(_ envelope: Envelope) async throws(TransportError) -> TransportReceipt {
        let next: TransportError? = lock.withLock {
            attempts.append(envelope.messageID.description)
            return script.isEmpty ? nil : script.removeFirst()
        }
        if let next { throw next }
        return TransportReceipt(reply: "250 2.0.0 Ok")
    }
}
