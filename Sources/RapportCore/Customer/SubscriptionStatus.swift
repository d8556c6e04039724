/// Whether the customer still wants messages. Unsubscribed customers get nothing but
/// transactional mail.
public enum SubscriptionStatus: String, Sendable, Codable, CaseIterable {
    case subscribed
    case unsubscribed
}
