import Foundation
import RapportCore
import Testing

/// What an import may change of a customer's consent, given their own latest choice.
@Suite struct ConsentGuardTests {
    let at = Timestamp.parse("2026-11-21T10:00:00+07:00")!

    func customer(_ subscription: SubscriptionStatus, declining declined: Set<MessageCategory>) -> Customer {
        var customer = Customer(id: "C1", email: "lan@example.vn", subscription: subscription)
        customer.unsubscribedCategories = declined
        return customer
    }

    func choice(byCustomer: Bool, declining declined: Set<MessageCategory>, consent: String? = nil) -> ConsentChange {
        ConsentChange(
            customerID: "C1", at: at, subscription: .subscribed, declined: declined, source: "one-click unsubscribe",
            byCustomer: byCustomer, consent: consent)
    }

    @Test func theCustomersOwnDeclinesOutliveAnImportThatUnsubscribedInBetween() {
        // Lan declined offers and surveys by one-click; a CRM export then wrote `unsubscribed`, and
        // a later one `subscribed` with `unsubscribed_categories: none`. Her own choice stands.
        let (kept, wasKept) = ConsentGuard.guarded(
            customer(.subscribed, declining: []),
            ownChoice: choice(byCustomer: true, declining: [.marketing, .survey]),
            consent: nil)
        #expect(wasKept)
        #expect(kept.unsubscribedCategories == [.marketing, .survey])
        #expect(!kept.accepts(.marketing) && kept.accepts(.transactional))
    }

    @Test(arguments: [
        // A later change that named consent, a row that names it, or nothing of hers on record.
        (true, "asked at the counter"), (false, nil),
    ])
    func consentOrNoOwnChoiceLetsTheRowApply(own: Bool, consent: String?) {
        let ownChoice = own ? choice(byCustomer: true, declining: [.marketing]) : nil
        let (kept, wasKept) = ConsentGuard.guarded(
            customer(.subscribed, declining: []), ownChoice: ownChoice, consent: consent)
        #expect(!wasKept)
        #expect(kept.unsubscribedCategories.isEmpty)
    }

    @Test func decliningMoreIsAlwaysApplied() {
        let (kept, wasKept) = ConsentGuard.guarded(
            customer(.unsubscribed, declining: [.marketing]),
            ownChoice: choice(byCustomer: true, declining: [.marketing]),
            consent: nil)
        #expect(!wasKept)
        #expect(kept.subscription == .unsubscribed)
    }
}
