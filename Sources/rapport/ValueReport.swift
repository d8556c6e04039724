import ArgumentParser
import Foundation
import RapportConfig
import RapportCore
import RapportStore

struct ValueReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "value",
        abstract: "Customer lifetime value = average order value × purchases per customer × average lifespan.",
        discussion: """
            The period is one unit: purchases per customer are those of the period's purchasing \
            customers, and the average lifespan, in periods, is 1 / the period's churn rate (see \
            'report retention'). Overall, and per value of the attribute --segment when given.
            """)

    @OptionGroup var options: ReportOptions

    @OptionGroup var segment: SegmentOption

    @OptionGroup var activity: ActivityWindowOption

    func run() async throws {
        try options.refuseCampaignFilter(in: "value")
        if try options.writePage(activeWithin: activity.window, segment: segment.segment) { return }
        let (config, store, start, end) = try options.open()
        let churn = try store.retention(from: start, to: end, activeWithin: activity.window.timeInterval).churnRate
        let lifespan = churn.flatMap(CustomerLifetimeValue.lifespan(churnRate:))
        let histories = try store.purchaseHistories(from: start, to: end, segment: segment.segment)
        var table = ReportOutput.Table(
            name: "value", title: "Lifetime value, \(options.periodTitle(start, end, config))",
            columns: [
                "segment", "customers", "purchases", "average_order_value", "purchases_per_customer",
                "lifespan_periods", "lifetime_value",
            ])
        for row in histories.lifetimeValues(segmented: segment.segment != nil, lifespan: lifespan) {
            table.rows.append([
                .text(row.segment), .integer(row.customers), .integer(row.purchases),
                .number(row.averageOrderValue, decimals: 2), .number(row.purchasesPerCustomer, decimals: 3),
                .number(lifespan, decimals: 2), .number(row.value?.value, decimals: 2),
            ])
        }
        print(ReportOutput(format: options.format, tables: [table]).render(), terminator: "")
    }
}
