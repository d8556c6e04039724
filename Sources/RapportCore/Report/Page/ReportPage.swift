/// `rapport report --html FILE`: one self-contained page a shop owner reads at a glance — the
/// headline figures, then NPS, cohort retention, the campaign funnel, holdout lift, lifetime value
/// and loyalty tiers — in Vietnamese or English, that opens offline.
public enum ReportPage {
    public static func html(_ data: ReportData) -> String {
        let words = ReportWords.of(data.language)
        let language = data.language
        let charts = ReportCharts(language)
        let nps = data.nps.overall
        let retention = data.retention
        let period = words.period(language.date(data.firstDay), language.date(data.lastDay))
        func share(_ value: Double?) -> String { value.map(language.percent) ?? "–" }
        return """
            <!doctype html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLText.escape(words.title)), \(HTMLText.escape(period))</title>
            <style>
            body { font-family: system-ui, sans-serif; color: #111; background: #fff; max-width: 760px; margin: 2rem auto; padding: 0 1rem; }
            figure { margin: 1rem 0 2rem; } figcaption { color: #333; }
            dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
            .empty { color: #333; font-style: italic; }
            </style>
            </head>
            <body>
            <main>
            <h1>\(HTMLText.escape(words.title))</h1>
            <p>\(HTMLText.escape(period))</p>
            <dl>
            <dt>NPS</dt><dd>\(nps.score.map { language.number($0, decimals: 1) } ?? "–") (\(HTMLText.escape(words.answers(nps.responses))): \(nps.promoters) \(words.promoters), \(nps.passives) \(words.passives), \(nps.detractors) \(words.detractors))</dd>
            <dt>\(words.retention)</dt><dd>\(share(retention.rate)) (\(HTMLText.escape(words.retentionDetail(retention.customersAtStart, retention.customersAtEnd, retention.newCustomers, retention.reactivatedCustomers))))</dd>
            <dt>\(words.churn)</dt><dd>\(share(retention.churnRate))</dd>
            </dl>
            <h2>\(words.npsHeading)</h2>
            \(charts.npsTrend(data.nps.byMonth))
            <h2>\(words.cohortHeading)</h2>
            \(charts.cohortHeatmap(data.cohorts, lastMonth: String(data.lastDay.description.prefix(7))))
            <h2>\(words.funnelHeading)</h2>
            \(charts.campaignFunnel(data.funnels, tracking: data.tracking))
            <h2>\(words.liftHeading)</h2>
            \(charts.holdoutLift(data.funnels))
            <h2>\(words.valueHeading)</h2>
            \(charts.lifetimeValue(data.lifetimeValues))
            <h2>\(words.loyaltyHeading)</h2>
            \(charts.loyaltyTiers(data.tiers))
            </main>
            </body>
            </html>

            """
    }
}
