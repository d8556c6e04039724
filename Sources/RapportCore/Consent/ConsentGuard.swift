/// An import or API call never undoes a customer's own unsubscribe. When the latest consent
/// change was the customer's own (an unsubscribe link) and a patch would accept again what they
/// declined — `subscription: subscribed`, `unsubscribed_categories: none` — that part of the patch
/// is not applied unless it names the consent (`consent` column or field). Declining more is
/// always applied.
public enum ConsentGuard {
    /// `updated` with the customer's own choices from `existing` kept, and whether any were kept.
    public static func guarded(
        _ updated: Customer, existing: Customer, latest: ConsentChange?, consent: String?
    ) -> (customer: Customer, keptOwnChoice: Bool) {
        guard consent == nil, latest?.byCustomer == true, reaccepts(from: existing, to: updated) else {
            return (updated, false)
        }
        var kept = updated
        if existing.subscription == .unsubscribed { kept.subscription = .unsubscribed }
        kept.unsubscribedCategories.formUnion(existing.unsubscribedCategories)
        return (kept, true)
    }

    /// `after` accepts a category `before` did not.
    public static func reaccepts(from before: Customer, to after: Customer) -> Bool {
        MessageCategory.allCases.contains { !before.accepts($0) && after.accepts($0) }
    }

    /// Subscription or declined categories differ; for a new customer, differ from the default
    /// (subscribed, nothing declined).
    public static func changes(from before: Customer?, to after: Customer) -> Bool {
        (before?.subscription ?? .subscribed) != after.subscription
            || (before?.unsubscribedCategories ?? []) != after.unsubscribedCategories
    }
}
