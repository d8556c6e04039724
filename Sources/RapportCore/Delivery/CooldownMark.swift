public import Foundation

/// The latest message of a campaign to a customer that a cooldown counts: one sent, one on its
/// way (queued, being sent, retrying) or one deferred to later. A survey waiting for the send
/// window or the cap is as good as sent for the cooldown, so two interactions a day apart never
/// bring two surveys together when the window opens.
public struct CooldownMark: Sendable, Equatable {
    /// When it became due (its ledger row was written).
    public var at: Date
    public var status: DeliveryStatus
    /// For a deferred one: when it may go.
    public var notBefore: Date?

    public init(at: Date, status: DeliveryStatus, notBefore: Date? = nil) {
        self.at = at
        self.status = status
        self.notBefore = notBefore
    }

    /// The statuses a cooldown counts.
    public static let counted: [DeliveryStatus] = DeliveryStatus.handedOver + [.deferred]

    /// What the skip reason says about it: `surveyed at …` only for what was sent.
    func describe(_ noun: String, verb: String) -> String {
        switch status {
        case .sent: "\(verb) at \(Timestamp.format(at))"
        case .deferred:
            "a \(noun) due at \(Timestamp.format(at)) is deferred"
                + (notBefore.map { " to \(Timestamp.format($0))" } ?? "")
        default: "a \(noun) due at \(Timestamp.format(at)) is on its way (\(status.rawValue))"
        }
    }
}
