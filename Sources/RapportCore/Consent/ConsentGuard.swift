/// An import or API call never undoes a customer's own unsubscribe. The customer's own choice in
/// effect is their latest change (an unsubscribe link) unless a change that named consent came
/// after it. A patch that would accept again what that choice declined — `subscription:
/// subscribed`, `unsubscribed_categories: none` — keeps the choice for that part (the rest of the
/// patch applies), unless the patch itself names the consent (`consent` column or field).
/// Declining more is always applied.
public enum ConsentGuard {
    /// `updated` with the customer's own choice kept, and whether it had to be.
    public static func guarded(_ updated: Customer, ownChoice: ConsentChange?, consent: String?) -> (
        customer: Customer, keptOwnChoice: Bool
    ) {
        guard consent == nil, let ownChoice, ownChoice.byCustomer else { return (updated, false) }
        var kept = updated
        if ownChoice.subscription == .unsubscribed { kept.subscription = .unsubscribed }
        kept.unsubscribedCategories.formUnion(ownChoice.declined)
        return (
            kept,
            kept.subscription != updated.subscription || kept.unsubscribedCategories != updated.unsubscribedCategories
        )
    }

    /// Subscription or declined categories differ; for a new customer, differ from the default
    /// (subscribed, nothing declined).
    public static func changes(from before: Customer?, to after: Customer) -> Bool {
        (before?.subscription ?? .subscribed) != after.subscription
            || (before?.unsubscribedCategories ?? []) != after.unsubscribedCategories
    }
}
