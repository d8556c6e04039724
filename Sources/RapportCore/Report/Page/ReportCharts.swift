import Foundation

/// The four charts of the HTML report as inline SVG: no script, no fonts or images from
/// elsewhere, each with a title and a description for screen readers.
enum ReportCharts {
    static let width = 720.0

    private static func frame(id: String, title: String, description: String, height: Double, _ body: String) -> String
    {
        """
        <figure>
        <svg id="\(id)" role="img" aria-labelledby="\(id)-title \(id)-desc" viewBox="0 0 \(Int(width)) \(Int(height))" width="\(Int(width))" height="\(Int(height))" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="12">
        <title id="\(id)-title">\(HTMLText.escape(title))</title>
        <desc id="\(id)-desc">\(HTMLText.escape(description))</desc>
        \(body)
        </svg>
        <figcaption>\(HTMLText.escape(title))</figcaption>
        </figure>
        """
    }

    /// NPS by month on a −100…100 axis.
    static func npsTrend(_ months: [(month: String, score: NetPromoterScore)]) -> String {
        let height = 240.0
        let left = 50.0, right = width - 20, top = 20.0, bottom = height - 40
        func y(_ value: Double) -> Double { top + (100 - value) / 200 * (bottom - top) }
        var body = ""
        for tick in stride(from: -100.0, through: 100, by: 50) {
            body +=
                "<line x1=\"\(left)\" x2=\"\(right)\" y1=\"\(SVGText.number(y(tick)))\" y2=\"\(SVGText.number(y(tick)))\" stroke=\"\(tick == 0 ? "#555" : "#ddd")\"/>"
            body +=
                "<text x=\"\(left - 6)\" y=\"\(SVGText.number(y(tick) + 4))\" text-anchor=\"end\">\(Int(tick))</text>\n"
        }
        let scored = months.compactMap { month in month.score.score.map { (month.month, $0, month.score.responses) } }
        let step = scored.count > 1 ? (right - left - 20) / Double(scored.count - 1) : 0
        let points = scored.enumerated().map { index, point in
            (x: left + 10 + Double(index) * step, y: y(point.1), label: point.0, score: point.1, answers: point.2)
        }
        if points.count > 1 {
            body +=
                "<polyline class=\"nps-line\" fill=\"none\" stroke=\"#0b5394\" stroke-width=\"2\" points=\"\(points.map { "\(SVGText.number($0.x)),\(SVGText.number($0.y))" }.joined(separator: " "))\"/>\n"
        }
        for point in points {
            body +=
                "<circle class=\"nps-point\" cx=\"\(SVGText.number(point.x))\" cy=\"\(SVGText.number(point.y))\" r=\"4\" fill=\"#0b5394\"><title>\(point.label): NPS \(SVGText.number(point.score)) (\(point.answers) answers)</title></circle>"
            body +=
                "<text x=\"\(SVGText.number(point.x))\" y=\"\(bottom + 18)\" text-anchor=\"middle\">\(HTMLText.escape(point.label))</text>\n"
        }
        if points.isEmpty { body += "<text x=\"\(left + 10)\" y=\"\(y(0) - 8)\">No answers in this period</text>" }
        return frame(
            id: "nps-trend", title: "NPS by month",
            description: points.map { "\($0.label): \(SVGText.number($0.score))" }.joined(separator: "; "),
            height: height, body)
    }

    /// Cohorts by signup month (rows) and months since signup (columns), darker = more active.
    static func cohortHeatmap(_ cohorts: [SignupCohort]) -> String {
        let months = (cohorts.flatMap(\.activeByMonth.keys).max() ?? 0) + 1
        let cell = min(48.0, (width - 150) / Double(max(months, 1)))
        let height = 50 + Double(cohorts.count) * 26
        var body = ""
        for offset in 0..<months {
            body +=
                "<text x=\"\(SVGText.number(140 + Double(offset) * cell + cell / 2))\" y=\"16\" text-anchor=\"middle\">m\(offset)</text>"
        }
        for (row, cohort) in cohorts.enumerated() {
            let y = 24 + Double(row) * 26
            body +=
                "<text x=\"0\" y=\"\(SVGText.number(y + 16))\">\(HTMLText.escape(cohort.month)) (\(cohort.size))</text>"
            for offset in 0..<months {
                let share = cohort.share(afterMonths: offset) ?? 0
                body +=
                    "<rect class=\"cohort-cell\" x=\"\(SVGText.number(140 + Double(offset) * cell))\" y=\"\(SVGText.number(y))\" width=\"\(SVGText.number(cell - 2))\" height=\"24\" fill=\"#0b5394\" fill-opacity=\"\(SVGText.number(0.08 + 0.92 * share, decimals: 2))\"><title>\(HTMLText.escape(cohort.month)), month \(offset): \(SVGText.percent(share))</title></rect>"
            }
            body += "\n"
        }
        return frame(
            id: "cohort-heatmap", title: "Retention by signup cohort",
            description: "Share of each signup month's customers active in each month after signup", height: height,
            body)
    }

    /// Per campaign: due, sent, opened, clicked, converted, as bars on one scale.
    static func campaignFunnel(_ funnels: [CampaignFunnel]) -> String {
        let stages: [(String, (CampaignFunnel) -> Int, String)] = [
            ("due", \.due, "#9fc5e8"), ("sent", \.sent, "#6fa8dc"), ("opened", \.opened, "#3d85c6"),
            ("clicked", \.clicked, "#0b5394"), ("converted", { $0.converted ?? 0 }, "#073763"),
        ]
        let largest = Double(max(funnels.map(\.due).max() ?? 1, 1))
        let rowHeight = Double(stages.count) * 14 + 16
        let height = 20 + Double(funnels.count) * rowHeight
        var body = ""
        for (row, funnel) in funnels.enumerated() {
            let top = 10 + Double(row) * rowHeight
            body += "<text x=\"0\" y=\"\(SVGText.number(top + 12))\">\(HTMLText.escape(funnel.campaignID))</text>"
            for (index, stage) in stages.enumerated() {
                let value = stage.1(funnel)
                let y = top + Double(index) * 14
                let length = Double(value) / largest * (width - 260)
                body +=
                    "<rect class=\"funnel-bar\" x=\"150\" y=\"\(SVGText.number(y))\" width=\"\(SVGText.number(max(length, 1)))\" height=\"12\" fill=\"\(stage.2)\"><title>\(HTMLText.escape(funnel.campaignID)) \(stage.0): \(value)</title></rect>"
                body +=
                    "<text x=\"\(SVGText.number(156 + length))\" y=\"\(SVGText.number(y + 10))\">\(stage.0) \(value)</text>"
            }
            body += "\n"
        }
        if funnels.isEmpty { body += "<text x=\"0\" y=\"20\">No campaign activity in this period</text>" }
        return frame(
            id: "campaign-funnel", title: "Campaign funnel",
            description: funnels.map { "\($0.campaignID): \($0.due) due, \($0.sent) sent" }.joined(separator: "; "),
            height: max(height, 40), body)
    }

    /// Per campaign with a control group: the conversion difference and its 95% interval around 0.
    static func holdoutLift(_ funnels: [CampaignFunnel]) -> String {
        let lifts = funnels.compactMap { funnel in funnel.lift.map { (funnel.campaignID, $0) } }
        let height = 50 + Double(lifts.count) * 30
        let center = 150 + (width - 170) / 2
        let scale = (width - 170) / 2  // ±100 percentage points
        var body =
            "<line x1=\"\(SVGText.number(center))\" x2=\"\(SVGText.number(center))\" y1=\"10\" y2=\"\(SVGText.number(height - 20))\" stroke=\"#555\"/>"
        body +=
            "<text x=\"\(SVGText.number(center))\" y=\"\(SVGText.number(height - 6))\" text-anchor=\"middle\">0</text>"
        for (row, (campaign, lift)) in lifts.enumerated() {
            let y = 20 + Double(row) * 30
            body += "<text x=\"0\" y=\"\(SVGText.number(y + 4))\">\(HTMLText.escape(campaign))</text>"
            if let interval = lift.confidenceInterval95, let difference = lift.difference {
                let low = center + max(-1, interval.lowerBound) * scale
                let high = center + min(1, interval.upperBound) * scale
                body +=
                    "<line class=\"lift-interval\" x1=\"\(SVGText.number(low))\" x2=\"\(SVGText.number(high))\" y1=\"\(SVGText.number(y))\" y2=\"\(SVGText.number(y))\" stroke=\"#0b5394\" stroke-width=\"2\"/>"
                body +=
                    "<circle class=\"lift-point\" cx=\"\(SVGText.number(center + difference * scale))\" cy=\"\(SVGText.number(y))\" r=\"5\" fill=\"#0b5394\"><title>\(HTMLText.escape(campaign)): \(SVGText.percent(difference)) (95% CI \(SVGText.percent(interval.lowerBound)) to \(SVGText.percent(interval.upperBound)))</title></circle>\n"
            }
        }
        if lifts.isEmpty {
            body += "<text x=\"0\" y=\"30\">No campaign with a holdout and a goal in this period</text>"
        }
        return frame(
            id: "holdout-lift", title: "Holdout lift (conversion, messaged − held out, with 95% interval)",
            description: lifts.map { "\($0.0): \(SVGText.percent($0.1.difference))" }.joined(separator: "; "),
            height: height, body)
    }
}
