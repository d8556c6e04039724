public import Foundation

/// One imported row: the fields it sets. Fields a row leaves out or empty keep their stored
/// value, so re-importing a partial export never wipes data or re-subscribes someone who left.
public struct CustomerPatch: Sendable, Equatable {
    public var id: String
    public var email: String?
    /// E.164.
    public var phone: String?
    public var firstName: String?
    public var lastName: String?
    public var locale: String?
    public var timeZone: String?
    public var birthday: LocalDate?
    public var signedUpAt: Date?
    public var lastActiveAt: Date?
    public var renewalDate: LocalDate?
    public var attributes: [String: AttributeValue] = [:]
    public var subscription: SubscriptionStatus?
    public var unsubscribedCategories: Set<MessageCategory>?
    /// The customer's renewed consent, in the operator's words (`signed form at the counter
    /// 2026-12-01`): without it, a row cannot undo the customer's own unsubscribe (`ConsentGuard`).
    public var consent: String?

    public init(id: String) {
        self.id = id
    }

    /// The customer after this row, imported at `now`; nil when the customer is new and the row
    /// gives neither an email nor a phone.
    public func applied(to existing: Customer?, at now: Date) -> Customer? {
        guard var customer = existing ?? (email != nil || phone != nil ? Customer(id: id, email: nil) : nil) else {
            return nil
        }
        if let email { customer.email = email }
        if let phone { customer.phone = phone }
        if let firstName { customer.firstName = firstName }
        if let lastName { customer.lastName = lastName }
        if let locale { customer.locale = locale }
        if let timeZone { customer.timeZone = timeZone }
        if let birthday { customer.birthday = birthday }
        if let signedUpAt { customer.signedUpAt = signedUpAt }
        if let lastActiveAt { customer.lastActiveAt = lastActiveAt }
        if let renewalDate, renewalDate != customer.renewalDate {
            customer.renewalDate = renewalDate
            customer.renewalRecordedAt = now
        }
        if let subscription { customer.subscription = subscription }
        if let unsubscribedCategories { customer.unsubscribedCategories = unsubscribedCategories }
        customer.attributes.merge(attributes) { _, new in new }
        return customer
    }
}
