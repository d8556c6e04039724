import Foundation
import RapportCore

/// Keeps what it is given: a stand-in for scheduler logic tests only; the SMTP path is tested
/// against a real server in RapportTransportTests and RapportIntegrationTests.
final class RecordingTransport: Transport, @unchecked Sendable {
    private let lock = NSLock()
    private var envelopes: [Envelope] = []

    var recipients: [String] { lock.withLock { envelopes.map(\.recipient.address) } }
    var messageIDs: [String] { lock.withLock { envelopes.map(\.messageID.description) } }

    func deliver(_ envelope: Envelope) async throws(TransportError) -> TransportReceipt {
        lock.withLock { envelopes.append(envelope) }
        return TransportReceipt(reply: "250 2.0.0 recorded")
    }
}
