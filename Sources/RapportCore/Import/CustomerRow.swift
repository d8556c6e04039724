public import Foundation

/// Turns one import row (a CSV record keyed by header, or a JSON object) into a `CustomerPatch`,
/// naming the field and the reason when a value is unusable.
public enum CustomerRow {
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public var field: String
        public var reason: String

        public var description: String { "\(field): \(reason)" }
    }

    /// Columns with a meaning; any other column becomes a free attribute.
    public static let columns: Set<String> = [
        "id", "email", "phone", "first_name", "last_name", "locale", "time_zone", "birthday", "signed_up_at",
        "last_active_at", "renewal_date", "subscription", "unsubscribed_categories", "consent",
    ]

    /// The patch `row` describes, its dates checked against `PlausibleDates` at `now`; national
    /// phone numbers (leading 0) take `countryCode`.
    public static func patch(from row: [String: AttributeValue], now: Date, countryCode: Int) throws(Invalid)
        -> CustomerPatch
    {
        func text(_ field: String, rule: ControlCharacter.Rule = .identifier) throws(Invalid) -> String? {
            guard let value = row[field]?.description.trimmingCharactersInWhitespace(), !value.isEmpty else {
                return nil
            }
            if let problem = ControlCharacter.problem(in: value, rule: rule) {
                throw Invalid(field: field, reason: problem)
            }
            return value
        }
        guard let id = try text("id") else { throw Invalid(field: "id", reason: "is required") }
        var patch = CustomerPatch(id: id)
        if let email = try text("email") {
            do {
                patch.email = try EmailAddress(email).value
            } catch {
                throw Invalid(field: "email", reason: error.description)
            }
        }
        if let phone = try text("phone", rule: .text) {
            do {
                patch.phone = try PhoneNumber(phone, countryCode: countryCode).e164
            } catch {
                throw Invalid(field: "phone", reason: error.description)
            }
        }
        patch.firstName = try text("first_name", rule: .text)
        patch.lastName = try text("last_name", rule: .text)
        patch.locale = try text("locale")
        if let zone = try text("time_zone") {
            guard TimeZone(identifier: zone) != nil else {
                throw Invalid(field: "time_zone", reason: "'\(zone)' is not an IANA time zone such as Asia/Ho_Chi_Minh")
            }
            patch.timeZone = zone
        }
        patch.birthday = try date(try text("birthday"), field: "birthday")
        if let birthday = patch.birthday, let problem = PlausibleDates.problem(birthday: birthday, now: now) {
            throw Invalid(field: "birthday", reason: problem)
        }
        patch.renewalDate = try date(try text("renewal_date"), field: "renewal_date")
        if let renewal = patch.renewalDate {
            // A birthday may lack its year; reminders before and after a renewal cannot.
            guard renewal.year != 0 else {
                throw Invalid(field: "renewal_date", reason: "'\(renewal)' has no year; give the real renewal date")
            }
            if let problem = PlausibleDates.problem(renewal: renewal, now: now) {
                throw Invalid(field: "renewal_date", reason: problem)
            }
        }
        patch.signedUpAt = try instant(try text("signed_up_at"), field: "signed_up_at", now: now)
        patch.lastActiveAt = try instant(try text("last_active_at"), field: "last_active_at", now: now)
        if let subscription = try text("subscription") {
            guard let status = SubscriptionStatus(rawValue: subscription.lowercased()) else {
                throw Invalid(field: "subscription", reason: "'\(subscription)' is not subscribed or unsubscribed")
            }
            patch.subscription = status
        }
        if let categories = try text("unsubscribed_categories") {
            patch.unsubscribedCategories = try unsubscribedCategories(categories)
        }
        patch.consent = try text("consent", rule: .text)
        for (name, value) in row where !columns.contains(name) && !value.description.isEmpty {
            if let problem = ControlCharacter.problem(in: name, rule: .identifier) {
                throw Invalid(field: name.debugDescription, reason: "the column name \(problem)")
            }
            if let problem = ControlCharacter.problem(in: value.description, rule: .text) {
                throw Invalid(field: name, reason: problem)
            }
            patch.attributes[name] = value
        }
        return patch
    }

    /// `marketing;survey` (also comma- or space-separated), or `none` to clear.
    static func unsubscribedCategories(_ text: String) throws(Invalid) -> Set<MessageCategory> {
        guard text.lowercased() != "none" else { return [] }
        var categories: Set<MessageCategory> = []
        for name in text.split(whereSeparator: { ";, ".contains($0) }) {
            guard let category = MessageCategory(rawValue: name.lowercased()), category != .transactional else {
                throw Invalid(
                    field: "unsubscribed_categories",
                    reason:
                        "'\(name)' is not marketing or survey (transactional mail cannot be declined); 'none' clears")
            }
            categories.insert(category)
        }
        return categories
    }

    static func date(_ text: String?, field: String) throws(Invalid) -> LocalDate? {
        guard let text else { return nil }
        guard let date = LocalDate(text) else {
            throw Invalid(field: field, reason: "'\(text)' is not a date in the form YYYY-MM-DD")
        }
        return date
    }

    static func instant(_ text: String?, field: String, now: Date) throws(Invalid) -> Date? {
        guard let text else { return nil }
        guard let date = Timestamp.parse(text) else {
            throw Invalid(
                field: field, reason: "'\(text)' is not an ISO 8601 time with offset, e.g. 2026-11-20T09:30:00+07:00")
        }
        if let problem = PlausibleDates.problem(instant: date, written: text, now: now) {
            throw Invalid(field: field, reason: problem)
        }
        return date
    }
}
