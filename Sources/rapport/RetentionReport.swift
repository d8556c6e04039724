import ArgumentParser
import Foundation
import RapportConfig
import RapportCore
import RapportStore

struct RetentionReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract:
            "Retention rate = (customers at end − new customers) / customers at start, churn, and signup cohorts.",
        discussion: """
            A customer counts at an instant when they signed up before it and were active within \
            --active-within before it: an activity or purchase event, the imported last_active_at, or \
            their signup. New customers \
            are those who signed up in the period and count at its end. The cohort table shows, for \
            each signup month in the period, the share of its customers active in each month after.
            """)

    @OptionGroup var options: ReportOptions

    @OptionGroup var activity: ActivityWindowOption

    func run() async throws {
        try options.refuseCampaignFilter(in: "retention")
        if try options.writePage(activeWithin: activity.window) { return }
        let window = activity.window
        let (config, store, start, end) = try options.open()
        let retention = try store.retention(from: start, to: end, activeWithin: window.timeInterval)
        var summary = ReportOutput.Table(
            name: "retention", title: "Retention, \(options.periodTitle(start, end, config)) (active within \(window))",
            columns: [
                "customers_at_start", "customers_at_end", "new_customers", "retention_rate", "churn_rate",
                "reactivated_customers",
            ])
        summary.rows.append([
            .integer(retention.customersAtStart), .integer(retention.customersAtEnd), .integer(retention.newCustomers),
            .number(retention.rate, decimals: 4), .number(retention.churnRate, decimals: 4),
            .integer(retention.reactivatedCustomers),
        ])
        let cohorts = try store.signupCohorts(from: start, to: end, zone: config.defaultTimeZone)
        let months = (cohorts.flatMap(\.activeByMonth.keys).max() ?? 0)
        var table = ReportOutput.Table(
            name: "cohorts",
            title:
                "Signup cohorts by month in \(config.defaultTimeZone.identifier): share active N months after signup",
            columns: ["cohort", "customers"] + (0...months).map { "m\($0)" })
        // Months after the period's end have not happened: their cells are empty, not 0.
        let last = SignupCohort.monthIndex(of: end.addingTimeInterval(-1), in: config.defaultTimeZone)
        for cohort in cohorts {
            let elapsed = last - (SignupCohort.monthIndex(of: cohort.month) ?? last)
            table.rows.append(
                [.text(cohort.month), .integer(cohort.size)]
                    + (0...months).map { .number($0 <= elapsed ? cohort.share(afterMonths: $0) : nil, decimals: 3) })
        }
        print(ReportOutput(format: options.format, tables: [summary, table]).render(), terminator: "")
    }
}
