public import Foundation

extension Campaign {
    /// Its occurrences are known in advance — birthdays, renewal reminders, drip steps — and
    /// count against the frequency cap, so admission keeps room for them.
    public var reservesRoom: Bool {
        guard FrequencyCap.applies(to: category) else { return false }
        switch trigger {
        case .birthday, .renewal, .welcome: return true
        case .inactivity, .nps, .event: return false
        }
    }
}

extension CampaignEvaluator {
    /// The customer's occurrences of this campaign known to fall due after `now` and before
    /// `end`, for which admission keeps room under the frequency cap. None when the campaign does
    /// not reserve room (`Campaign.reservesRoom`) or would not message the customer (not eligible,
    /// or in its control group).
    public func reservations(for customer: Customer, after now: Date, before end: Date) -> [Reservation] {
        guard campaign.reservesRoom, isEligible(customer),
            campaign.holdout?.contains(customerID: customer.id, campaignID: campaign.id) != true
        else { return [] }
        return occurrences(for: customer, from: now, to: end).filter { $0.due > now && $0.due < end }.map {
            Reservation(campaignID: campaign.id, occurrence: $0.key, due: $0.due, priority: campaign.priority)
        }
    }
}
