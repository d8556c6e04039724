public import Foundation

/// Something a customer did, from the business's systems: a purchase, a visit, a closed support
/// ticket. Events keep the store current and feed triggers (activity re-arms win-backs).
public struct CustomerEvent: Sendable, Equatable {
    public var customerID: String
    /// Free kind such as `purchase`, `activity`, `support_ticket_closed`.
    public var kind: String
    public var occurredAt: Date
    /// The business's id for the event; importing it again is a no-op.
    public var externalID: String?
    /// Details such as an order amount.
    public var properties: [String: AttributeValue]

    /// Kinds that count as the customer being active.
    public static let activityKinds: Set<String> = ["activity", "purchase"]

    public init(
        customerID: String, kind: String, occurredAt: Date, externalID: String? = nil,
        properties: [String: AttributeValue] = [:]
    ) {
        self.customerID = customerID
        self.kind = kind
        self.occurredAt = occurredAt
        self.externalID = externalID
        self.properties = properties
    }

    public var isActivity: Bool { Self.activityKinds.contains(kind) }

    /// Sets the customer's signup time when none is stored, so welcome campaigns start from it.
    public static let signupKind = "signup"
    /// Moves the customer's renewal date to the event's `renewal_date` property.
    public static let renewalKind = "renewal"
    /// An answer to a survey, recorded by the HTTP service; follow-up campaigns trigger on it.
    public static let npsAnswerKind = "nps_answer"

    /// The renewal date a `renewal` event moves the customer to.
    public var newRenewalDate: LocalDate? {
        guard kind == Self.renewalKind, case .string(let text) = properties["renewal_date"],
            let date = LocalDate(text), date.year != 0
        else { return nil }
        return date
    }
}
