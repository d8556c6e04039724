import ArgumentParser
import Foundation
import RapportConfig
import RapportCore
import RapportStore

struct CampaignsReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaigns",
        abstract:
            "Per campaign: due, sent, deferred, expired, failed, suppressed, held out, opened, clicked, unsubscribed, converted.",
        discussion: """
            Occurrences count in the period they first became due. 'converted' counts sent messages \
            followed by one of the campaign's goal events within goal.within; for a campaign with a \
            holdout, the same is counted for the held-out customers, and 'lift' is the difference of \
            the two conversion rates with its 95% confidence interval (an interval containing 0 \
            shows no clear effect yet).
            """)

    @OptionGroup var options: ReportOptions

    func run() async throws {
        if try options.writePage(activeWithin: ActivityWindowOption.defaultWindow) { return }
        let (config, store, start, end) = try options.open()
        let funnels = try store.campaignFunnels(
            from: start, to: end, campaignIDs: options.campaignFilter, goals: options.goals(of: config))
        var table = ReportOutput.Table(
            name: "campaigns", title: "Campaigns, \(options.periodTitle(start, end, config))",
            columns: [
                "campaign_id", "due", "sent", "deferred", "expired", "failed", "suppressed", "skipped", "held_out",
                "pending", "opened", "clicked", "unsubscribed", "converted", "conversion_rate", "held_out_converted",
                "held_out_rate", "lift", "lift_ci_low", "lift_ci_high",
            ])
        for funnel in funnels {
            let lift = funnel.lift
            let interval = lift?.confidenceInterval95
            table.rows.append(
                [
                    .text(funnel.campaignID), .integer(funnel.due), .integer(funnel.sent), .integer(funnel.deferred),
                    .integer(funnel.expired), .integer(funnel.failed), .integer(funnel.suppressed),
                    .integer(funnel.skipped), .integer(funnel.heldOut), .integer(funnel.pending),
                    .integer(funnel.opened), .integer(funnel.clicked), .integer(funnel.unsubscribed),
                    funnel.converted.map { .integer($0) } ?? .number(nil, decimals: 0),
                    .number(funnel.conversionRate, decimals: 4),
                    funnel.heldOutConverted.map { .integer($0) } ?? .number(nil, decimals: 0),
                    .number(lift?.heldOutRate, decimals: 4), .number(lift?.difference, decimals: 4),
                    .number(interval?.lowerBound, decimals: 4), .number(interval?.upperBound, decimals: 4),
                ])
        }
        print(ReportOutput(format: options.format, tables: [table]).render(), terminator: "")
    }
}
