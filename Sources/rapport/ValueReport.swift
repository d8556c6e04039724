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

    @Option(help: "A customer attribute to break the value down by, e.g. plan.")
    var segment: String?

    @OptionGroup var activity: ActivityWindowOption

    func run() async throws {
        try options.refuseCampaignFilter(in: "value")
        let (config, store, start, end) = try options.open()
        let churn = try store.retention(from: start, to: end, activeWithin: activity.window.timeInterval).churnRate
        let lifespan = churn.flatMap(CustomerLifetimeValue.lifespan(churnRate:))
        let histories = try store.purchaseHistories(from: start, to: end, segment: segment)
        var table = ReportOutput.Table(
            name: "value", title: "Lifetime value, \(options.periodTitle(start, end, config))",
            columns: [
                "segment", "customers", "purchases", "average_order_value", "purchases_per_customer",
                "lifespan_periods", "lifetime_value",
            ])
        var groups: [(String, [PurchaseHistory])] = [("all", histories)]
        if segment != nil {
            let bySegment = Dictionary(grouping: histories) { $0.segment ?? "(none)" }
            groups += bySegment.keys.sorted().map { ($0, bySegment[$0]!) }
        }
        for (name, members) in groups {
            let amounts = members.flatMap(\.amounts)
            let value = lifespan.flatMap {
                CustomerLifetimeValue(orderAmounts: amounts, customers: members.count, averageLifespan: $0)
            }
            let average = amounts.isEmpty ? nil : amounts.reduce(0, +) / Double(amounts.count)
            table.rows.append([
                .text(name), .integer(members.count), .integer(amounts.count), .number(average, decimals: 2),
                .number(members.isEmpty ? nil : Double(amounts.count) / Double(members.count), decimals: 3),
                .number(lifespan, decimals: 2), .number(value?.value, decimals: 2),
            ])
        }
        print(ReportOutput(format: options.format, tables: [table]).render(), terminator: "")
    }
}
