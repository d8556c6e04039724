import Foundation

extension Customer {
    /// Field names templates and audiences may use besides `attributes.<name>`.
    public static let fieldNames: Set<String> = [
        "id", "email", "phone", "first_name", "last_name", "full_name", "locale", "time_zone", "birthday", "renewal_date",
        "subscription",
    ]

    /// A standard field by its file name, else a free attribute; nil when the customer has none.
    public func fieldValue(named name: String) -> AttributeValue? {
        let text: String?
        switch name {
        case "id": text = id
        case "email": text = email
        case "phone": text = phone
        case "first_name": text = firstName
        case "last_name": text = lastName
        case "full_name": text = fullName
        case "locale": text = locale
        case "time_zone": text = timeZone
        case "birthday": text = birthday?.description
        case "renewal_date": text = renewalDate?.description
        case "subscription": text = subscription.rawValue
        default:
            let key = name.hasPrefix("attributes.") ? String(name.dropFirst("attributes.".count)) : name
            return attributes[key]
        }
        guard let text, !text.isEmpty else { return nil }
        return .string(text)
    }

    /// The name as the customer's language writes it: family name first for Vietnamese, Chinese,
    /// Japanese, Korean and Hungarian ("Nguyễn Thị Hồng Nhung"), given name first otherwise.
    public var fullName: String? {
        let language = locale?.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first ?? ""
        let familyFirst = ["vi", "zh", "ja", "ko", "hu"].contains(language)
        let ordered = familyFirst ? [lastName, firstName] : [firstName, lastName]
        let parts = ordered.compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}
