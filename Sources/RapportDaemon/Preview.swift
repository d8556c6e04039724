public import Foundation
public import RapportCore
public import RapportStore

/// What a tick would do at `now`, without claiming, sending or writing anything.
public enum Preview {
    public static func decisions(
        campaigns: [Campaign], sender: SenderIdentity, defaultZone: TimeZone, links: LinkSettings?,
        defaultWindow: SendWindow?, store: Store, at now: Date
    ) throws(StoreError) -> [Decision] {
        var decisions: [Decision] = []
        for campaign in campaigns {
            let evaluator = CampaignEvaluator(
                campaign: campaign, sender: sender, defaultZone: defaultZone, links: links, defaultWindow: defaultWindow
            )
            decisions += try DueCustomers.decisions(for: campaign, evaluator: evaluator, at: now, in: store)
        }
        return decisions
    }
}
