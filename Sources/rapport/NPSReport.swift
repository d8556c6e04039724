import ArgumentParser
import Foundation
import RapportConfig
import RapportCore
import RapportStore

struct NPSReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nps",
        abstract:
            "Net Promoter Score: promoters (9–10), passives (7–8), detractors (0–6), NPS = %promoters − %detractors.",
        discussion: "Overall, by month answered (in the config's time zone) and by the kind of interaction surveyed.")

    @OptionGroup var options: ReportOptions

    func run() async throws {
        if try options.writePage(activeWithin: ActivityWindowOption.defaultWindow) { return }
        let (config, store, start, end) = try options.open()
        let answers = try store.surveyAnswers(from: start, to: end, campaignIDs: options.campaignFilter)
        let breakdown = try NPSBreakdown(answers, zone: config.defaultTimeZone)
        var table = ReportOutput.Table(
            name: "nps", title: "NPS, \(options.periodTitle(start, end, config))",
            columns: ["group", "key", "answers", "promoters", "passives", "detractors", "nps"])
        func add(_ group: String, _ key: String, _ score: NetPromoterScore) {
            table.rows.append([
                .text(group), .text(key), .integer(score.responses), .integer(score.promoters),
                .integer(score.passives), .integer(score.detractors), .number(score.score, decimals: 1),
            ])
        }
        add("overall", "all", breakdown.overall)
        for (month, score) in breakdown.byMonth { add("month", month, score) }
        for (kind, score) in breakdown.byInteraction { add("interaction", kind, score) }
        print(ReportOutput(format: options.format, tables: [table]).render(), terminator: "")
    }
}
