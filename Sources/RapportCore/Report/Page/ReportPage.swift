/// `rapport report --html FILE`: one self-contained page — NPS trend, cohort retention heatmap,
/// campaign funnel, holdout lift — with the figures beside the charts, that opens offline.
public enum ReportPage {
    public static func html(_ data: ReportData) -> String {
        let nps = data.nps.overall
        let retention = data.retention
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Rapport report, \(HTMLText.escape(data.period))</title>
            <style>
            body { font-family: system-ui, sans-serif; color: #111; background: #fff; max-width: 760px; margin: 2rem auto; padding: 0 1rem; }
            figure { margin: 1.5rem 0; } figcaption { color: #333; }
            dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
            </style>
            </head>
            <body>
            <main>
            <h1>Retention report</h1>
            <p>\(HTMLText.escape(data.period))</p>
            <dl>
            <dt>NPS</dt><dd>\(nps.score.map { SVGText.number($0) } ?? "–") (\(nps.responses) answers: \(nps.promoters) promoters, \(nps.passives) passives, \(nps.detractors) detractors)</dd>
            <dt>Retention</dt><dd>\(SVGText.percent(retention.rate)) (start \(retention.customersAtStart), end \(retention.customersAtEnd), new \(retention.newCustomers), back after a quiet spell \(retention.reactivatedCustomers))</dd>
            <dt>Churn</dt><dd>\(SVGText.percent(retention.churnRate))</dd>
            </dl>
            <h2>NPS trend</h2>
            \(ReportCharts.npsTrend(data.nps.byMonth))
            <h2>Cohort retention</h2>
            \(ReportCharts.cohortHeatmap(data.cohorts))
            <h2>Campaign funnel</h2>
            \(ReportCharts.campaignFunnel(data.funnels))
            <h2>Holdout lift</h2>
            \(ReportCharts.holdoutLift(data.funnels))
            </main>
            </body>
            </html>

            """
    }
}
