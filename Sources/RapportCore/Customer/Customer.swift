public import Foundation

/// A person the business wants to keep, as held in the customer store.
public struct Customer: Sendable, Equatable {
    /// The business's own id for the customer (`external id`); stable across imports.
    public var id: String
    /// Nil for a customer known by phone only; every customer has an email, a phone or both.
    public var email: String?
    /// E.164 (`+84912345678`), for SMS and Zalo.
    public var phone: String?
    public var firstName: String?
    public var lastName: String?
    /// BCP 47 language tag, e.g. `vi` or `en-GB`; selects the message locale.
    public var locale: String?
    /// IANA zone, e.g. `Asia/Ho_Chi_Minh`; nil means the daemon's default zone.
    public var timeZone: String?
    public var birthday: LocalDate?
    public var signedUpAt: Date?
    public var lastActiveAt: Date?
    public var renewalDate: LocalDate?
    /// When the current renewal date reached the store: reminders whose moment was already past
    /// then are not sent late (unless the campaign catches up).
    public var renewalRecordedAt: Date?
    /// Free attributes from the business (plan, city, …) that audiences and templates use.
    public var attributes: [String: AttributeValue]
    public var subscription: SubscriptionStatus
    /// Categories the customer left while staying subscribed to the rest (e.g. no surveys).
    public var unsubscribedCategories: Set<MessageCategory> = []
    /// Set on the anonymous row an erasure leaves: no campaign may message it.
    public var erasedAt: Date?

    public init(
        id: String, email: String?, phone: String? = nil, firstName: String? = nil, lastName: String? = nil,
        locale: String? = nil,
        timeZone: String? = nil, birthday: LocalDate? = nil, signedUpAt: Date? = nil, lastActiveAt: Date? = nil,
        renewalDate: LocalDate? = nil, attributes: [String: AttributeValue] = [:],
        subscription: SubscriptionStatus = .subscribed
    ) {
        self.id = id
        self.email = email
        self.phone = phone
        self.firstName = firstName
        self.lastName = lastName
        self.locale = locale
        self.timeZone = timeZone
        self.birthday = birthday
        self.signedUpAt = signedUpAt
        self.lastActiveAt = lastActiveAt
        self.renewalDate = renewalDate
        self.attributes = attributes
        self.subscription = subscription
    }
}

extension Customer {
    /// The customer's own time zone, else the config's default: local-hour triggers and send
    /// windows follow it.
    public func zone(default defaultZone: TimeZone) -> TimeZone {
        Self.zone(named: timeZone, default: defaultZone)
    }

    /// The zone a customer whose `time_zone` is `name` lives in: nil or an unknown name is the
    /// default zone.
    public static func zone(named name: String?, default defaultZone: TimeZone) -> TimeZone {
        name.flatMap(TimeZone.init(identifier:)) ?? defaultZone
    }
}
