/// Whether the customer still wants messages. Unsubscribed customers get nothing but
/// transactional mail.
public enum SubscriptionStatus: String, Sendable, Codable, CaseIterable {
    case subscribed
    case unsubscribed
}

extension Customer {
    /// Whether messages of `category` may go to this customer: transactional always; the others
    /// only while subscribed and not unsubscribed from that category; nothing once erased.
    public func accepts(_ category: MessageCategory) -> Bool {
        guard erasedAt == nil else { return false }
        return category == .transactional
            || (subscription == .subscribed && !unsubscribedCategories.contains(category))
    }
}
