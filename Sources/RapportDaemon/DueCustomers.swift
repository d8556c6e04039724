import Foundation
import RapportCore
import RapportStore

/// Asks the store for the customers a campaign's trigger could fire for now: a narrow indexed
/// query per trigger, which the evaluator then decides on exactly.
enum DueCustomers {
    static func candidates(
        for campaign: Campaign, at now: Date, defaultZone: TimeZone, in store: Store
    ) throws(StoreError) -> [Customer] {
        switch campaign.trigger {
        case .welcome(let welcome):
            let until = now.addingTimeInterval(-welcome.delay.timeInterval)
            let from = welcome.earliestSignup(in: defaultZone)
            guard from <= until else { return [] }
            return try store.customersSignedUp(
                from: from, until: until, withoutOccurrence: WelcomeTrigger.occurrence, of: campaign.id)
        case .birthday(let birthday):
            // A birthday occurrence is due within one UTC day either side of `now`; a ledger row
            // from the last two days is this year's, an older one is last year's.
            return try store.customersWithBirthday(
                on: birthday.candidateMonthDays(at: now), withoutDeliveryOf: campaign.id,
                since: now.addingTimeInterval(-2 * 86_400))
        }
    }
}
