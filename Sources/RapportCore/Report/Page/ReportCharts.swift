import Foundation

/// The charts of the HTML report as inline SVG: no script, no fonts or images from elsewhere. Each
/// prints its values on the marks (a screenshot or a printout reads without hovering), carries a
/// legend or a scale, and has a title and a description listing the same values for screen
/// readers. A chart with nothing to show is a sentence saying so, never an empty axis.
struct ReportCharts {
    static let width = 720.0
    let words: ReportWords
    let language: DisplayLanguage

    init(_ language: DisplayLanguage) {
        self.words = .of(language)
        self.language = language
    }

    private static let blue = (red: 11.0, green: 83.0, blue: 148.0)

    private func frame(id: String, title: String, description: String, height: Double, _ body: String) -> String {
        """
        <figure>
        <svg id="\(id)" role="img" aria-labelledby="\(id)-title \(id)-desc" viewBox="0 0 \(Int(Self.width)) \(Int(height))" width="\(Int(Self.width))" height="\(Int(height))" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="12" fill="#111">
        <title id="\(id)-title">\(HTMLText.escape(title))</title>
        <desc id="\(id)-desc">\(HTMLText.escape(description))</desc>
        \(body)
        </svg>
        <figcaption>\(HTMLText.escape(title))</figcaption>
        </figure>
        """
    }

    private func empty(_ sentence: String) -> String { "<p class=\"empty\">\(HTMLText.escape(sentence))</p>" }

    private func text(
        _ content: String, x: Double, y: Double, anchor: String = "start", fill: String? = nil,
        className: String = "label"
    ) -> String {
        let color = fill.map { " fill=\"\($0)\"" } ?? ""
        return
            "<text class=\"\(className)\" x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(y))\" text-anchor=\"\(anchor)\"\(color)>\(HTMLText.escape(content))</text>"
    }

    /// A cell of `share` in the heatmap's blue over white, with the text colour (black or white)
    /// that contrasts more with it; the worse of the two is still above 4.5:1 (WCAG AA).
    private static func shade(_ share: Double) -> (opacity: Double, textColor: String) {
        let opacity = 0.08 + 0.92 * min(max(share, 0), 1)
        func linear(_ channel: Double) -> Double {
            let mixed = (255 * (1 - opacity) + channel * opacity) / 255
            return mixed <= 0.039_28 ? mixed / 12.92 : pow((mixed + 0.055) / 1.055, 2.4)
        }
        let luminance =
            0.2126 * linear(blue.red) + 0.7152 * linear(blue.green) + 0.0722 * linear(blue.blue)
        let onBlack = (luminance + 0.05) / 0.05
        let onWhite = 1.05 / (luminance + 0.05)
        return (opacity, onBlack >= onWhite ? "#000" : "#fff")
    }

    /// NPS by month on a −100…100 scale, each point labelled with its score.
    func npsTrend(_ months: [(month: String, score: NetPromoterScore)]) -> String {
        let scored = months.compactMap { month in month.score.score.map { (month.month, $0, month.score.responses) } }
        guard !scored.isEmpty else { return empty(words.npsEmpty) }
        let height = 264.0
        let left = 50.0, right = Self.width - 30, top = 24.0, bottom = height - 50
        func y(_ value: Double) -> Double { top + (100 - value) / 200 * (bottom - top) }
        var body = ""
        for tick in stride(from: -100.0, through: 100, by: 50) {
            body +=
                "<line x1=\"\(left)\" x2=\"\(right)\" y1=\"\(SVGText.number(y(tick)))\" y2=\"\(SVGText.number(y(tick)))\" stroke=\"\(tick == 0 ? "#555" : "#ddd")\"/>"
            body += text(language.number(tick), x: left - 6, y: y(tick) + 4, anchor: "end", className: "scale") + "\n"
        }
        let step = scored.count > 1 ? (right - left - 60) / Double(scored.count - 1) : 0
        let points = scored.enumerated().map { index, point in
            (x: left + 30 + Double(index) * step, y: y(point.1), label: point.0, score: point.1, answers: point.2)
        }
        if points.count > 1 {
            body +=
                "<polyline class=\"nps-line\" fill=\"none\" stroke=\"#0b5394\" stroke-width=\"2\" points=\"\(points.map { "\(SVGText.number($0.x)),\(SVGText.number($0.y))" }.joined(separator: " "))\"/>\n"
        }
        for point in points {
            let score = language.number(point.score, decimals: 1)
            body +=
                "<circle class=\"nps-point\" cx=\"\(SVGText.number(point.x))\" cy=\"\(SVGText.number(point.y))\" r=\"4\" fill=\"#0b5394\"><title>\(HTMLText.escape(point.label)): NPS \(score), \(HTMLText.escape(words.answers(point.answers)))</title></circle>"
            body += text(score, x: point.x, y: point.y - 10, anchor: "middle", className: "value")
            body += text(point.label, x: point.x, y: bottom + 18, anchor: "middle")
            body += text(words.answers(point.answers), x: point.x, y: bottom + 36, anchor: "middle") + "\n"
        }
        return frame(
            id: "nps-trend", title: words.npsCaption,
            description: points.map {
                "\($0.label): \(language.number($0.score, decimals: 1)) (\(words.answers($0.answers)))"
            }.joined(separator: "; "),
            height: height, body)
    }

    /// Cohorts by signup month (rows) and months since signup (columns), each cell printing its
    /// share; darker is more active, as the legend's five steps show. Months after `lastMonth`
    /// have not happened and have no cell.
    func cohortHeatmap(_ cohorts: [SignupCohort], lastMonth: String) -> String {
        guard !cohorts.isEmpty else { return empty(words.cohortEmpty) }
        let last = SignupCohort.monthIndex(of: lastMonth) ?? 0
        let months = (cohorts.flatMap(\.activeByMonth.keys).max() ?? 0) + 1
        let cell = min(48.0, (Self.width - 150) / Double(max(months, 1)))
        let rowsHeight = Double(cohorts.count) * 26
        let height = 24 + rowsHeight + 56
        var body = ""
        for offset in 0..<months {
            body += text(words.monthsAfter(offset), x: 140 + Double(offset) * cell + cell / 2, y: 16, anchor: "middle")
        }
        var description: [String] = []
        for (row, cohort) in cohorts.enumerated() {
            let y = 24 + Double(row) * 26
            body += text("\(cohort.month) (\(cohort.size))", x: 0, y: y + 16)
            let elapsed = last - (SignupCohort.monthIndex(of: cohort.month) ?? last)
            var values: [String] = []
            for offset in 0..<months where offset <= elapsed {
                let share = cohort.share(afterMonths: offset) ?? 0
                let (opacity, textColor) = Self.shade(share)
                let x = 140 + Double(offset) * cell
                let value = language.number(share * 100) + (cell >= 34 ? "%" : "")
                body +=
                    "<rect class=\"cohort-cell\" x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(y))\" width=\"\(SVGText.number(cell - 2))\" height=\"24\" fill=\"#0b5394\" fill-opacity=\"\(SVGText.number(opacity, decimals: 2))\"/>"
                body += text(
                    value, x: x + (cell - 2) / 2, y: y + 16, anchor: "middle", fill: textColor, className: "value")
                values.append("\(words.monthsAfter(offset)) \(language.percent(share))")
            }
            description.append("\(cohort.month) (\(cohort.size)): " + values.joined(separator: ", "))
            body += "\n"
        }
        let legendY = 24 + rowsHeight + 16
        body += text(words.cohortLegend, x: 0, y: legendY + 16)
        for (index, share) in [0.0, 0.25, 0.5, 0.75, 1].enumerated() {
            let (opacity, textColor) = Self.shade(share)
            let x = 140 + Double(index) * 52
            body +=
                "<rect class=\"legend-swatch\" x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(legendY))\" width=\"50\" height=\"24\" fill=\"#0b5394\" fill-opacity=\"\(SVGText.number(opacity, decimals: 2))\"/>"
            body += text(
                language.number(share * 100) + "%", x: x + 25, y: legendY + 16, anchor: "middle", fill: textColor,
                className: "legend")
        }
        return frame(
            id: "cohort-heatmap", title: words.cohortCaption, description: description.joined(separator: "; "),
            height: height, body)
    }

    /// Per campaign the steps it measures, as bars on one scale with their counts: opened and
    /// clicked only for a campaign tracking them, converted only for one with a goal.
    func campaignFunnel(_ funnels: [CampaignFunnel], tracking: [String: MessageTracking]) -> String {
        guard !funnels.isEmpty else { return empty(words.funnelEmpty) }
        typealias Stage = (name: String, color: String, value: (CampaignFunnel) -> Int?)
        let stages: [Stage] = [
            (words.due, "#9fc5e8", { $0.due }), (words.sent, "#6fa8dc", { $0.sent }),
            (words.opened, "#3d85c6", { tracking[$0.campaignID]?.opens == true ? $0.opened : nil }),
            (words.clicked, "#0b5394", { tracking[$0.campaignID]?.clicks == true ? $0.clicked : nil }),
            (words.converted, "#073763", { $0.converted }),
        ]
        let shown = stages.filter { stage in funnels.contains { stage.value($0) != nil } }
        let largest = Double(max(funnels.map(\.due).max() ?? 1, 1))
        var body = ""
        for (index, stage) in shown.enumerated() {
            let x = Double(index) * 130
            body +=
                "<rect class=\"legend-swatch\" x=\"\(SVGText.number(x))\" y=\"4\" width=\"12\" height=\"12\" fill=\"\(stage.color)\"/>"
            body += text(stage.name, x: x + 18, y: 14, className: "legend")
        }
        var y = 36.0
        var description: [String] = []
        for funnel in funnels {
            body += text(funnel.campaignID, x: 0, y: y + 12, className: "name")
            y += 18
            var values: [String] = []
            for stage in shown {
                guard let value = stage.value(funnel) else { continue }
                let length = Double(value) / largest * (Self.width - 200)
                body +=
                    "<rect class=\"funnel-bar\" x=\"0\" y=\"\(SVGText.number(y))\" width=\"\(SVGText.number(max(length, 1)))\" height=\"14\" fill=\"\(stage.color)\"/>"
                body += text(
                    "\(stage.name) \(language.number(Double(value)))", x: length + 6, y: y + 11, className: "value")
                values.append("\(language.number(Double(value))) \(stage.name)")
                y += 18
            }
            description.append("\(funnel.campaignID): " + values.joined(separator: ", "))
            y += 10
            body += "\n"
        }
        return frame(
            id: "campaign-funnel", title: words.funnelCaption, description: description.joined(separator: "; "),
            height: y, body)
    }

    /// Per campaign with a control group: the conversion difference and its 95% interval, on a
    /// scale of percentage points wide enough for the widest interval, the figures printed beside.
    func holdoutLift(_ funnels: [CampaignFunnel]) -> String {
        let lifts = funnels.compactMap { funnel -> (String, Double, ClosedRange<Double>)? in
            guard let lift = funnel.lift, let difference = lift.difference, let interval = lift.confidenceInterval95
            else { return nil }
            return (funnel.campaignID, difference, interval)
        }
        guard !lifts.isEmpty else { return empty(words.liftEmpty) }
        let widest = lifts.map { max(abs($0.2.lowerBound), abs($0.2.upperBound), abs($0.1)) }.max() ?? 0
        let reach = [0.05, 0.1, 0.2, 0.3, 0.5, 1].first { $0 >= widest } ?? 1
        let left = 40.0, right = 500.0
        let center = (left + right) / 2
        func x(_ value: Double) -> Double { center + max(-1, min(1, value / reach)) * (right - left) / 2 }
        func points(_ value: Double) -> String { (value > 0 ? "+" : "") + language.number(value * 100, decimals: 1) }
        var body =
            "<circle class=\"legend-mark\" cx=\"6\" cy=\"10\" r=\"5\" fill=\"#0b5394\"/>"
            + text(words.liftLegendPoint, x: 16, y: 14, className: "legend")
            + "<line class=\"legend-mark\" x1=\"160\" x2=\"190\" y1=\"10\" y2=\"10\" stroke=\"#0b5394\" stroke-width=\"2\"/>"
            + text(words.liftLegendInterval, x: 196, y: 14, className: "legend") + "\n"
        var y = 36.0
        for (campaign, difference, interval) in lifts {
            body += text(campaign, x: 0, y: y + 12, className: "name")
            let lineY = y + 26
            body +=
                "<line class=\"lift-interval\" x1=\"\(SVGText.number(x(interval.lowerBound)))\" x2=\"\(SVGText.number(x(interval.upperBound)))\" y1=\"\(SVGText.number(lineY))\" y2=\"\(SVGText.number(lineY))\" stroke=\"#0b5394\" stroke-width=\"2\"/>"
            body +=
                "<circle class=\"lift-point\" cx=\"\(SVGText.number(x(difference)))\" cy=\"\(SVGText.number(lineY))\" r=\"5\" fill=\"#0b5394\"/>"
            body +=
                text(
                    "\(points(difference)) (\(points(interval.lowerBound)) … \(points(interval.upperBound)))",
                    x: right + 16,
                    y: lineY + 4, className: "value") + "\n"
            y += 40
        }
        let axisTop = 30.0
        body +=
            "<line class=\"scale-line\" x1=\"\(SVGText.number(center))\" x2=\"\(SVGText.number(center))\" y1=\"\(axisTop)\" y2=\"\(SVGText.number(y))\" stroke=\"#555\"/>"
        for fraction in [-1.0, -0.5, 0, 0.5, 1] {
            body += text(
                points(fraction * reach), x: x(fraction * reach), y: y + 16, anchor: "middle", className: "scale")
        }
        body += text(words.liftScale, x: center, y: y + 36, anchor: "middle", className: "scale")
        return frame(
            id: "holdout-lift", title: words.liftCaption,
            description: lifts.map {
                "\($0.0): \(points($0.1)) (\(points($0.2.lowerBound)) … \(points($0.2.upperBound))) \(words.liftScale)"
            }.joined(separator: "; "),
            height: y + 40, body)
    }

    /// Horizontal bars, each with its name above and its figure after it; `bars` hold a name, the
    /// length's value (nil: no bar) and the printed figure.
    private func bars(id: String, title: String, _ bars: [(name: String, value: Double?, figure: String)]) -> String {
        let largest = max(bars.compactMap(\.value).max() ?? 1, 1)
        var body = ""
        var y = 4.0
        for bar in bars {
            body += text(bar.name, x: 0, y: y + 12, className: "name")
            y += 18
            let length = (bar.value ?? 0) / largest * (Self.width - 220)
            if bar.value != nil {
                body +=
                    "<rect class=\"bar\" x=\"0\" y=\"\(SVGText.number(y))\" width=\"\(SVGText.number(max(length, 1)))\" height=\"16\" fill=\"#3d85c6\"/>"
            }
            body += text(bar.figure, x: length + 6, y: y + 12, className: "value") + "\n"
            y += 26
        }
        return frame(
            id: id, title: title, description: bars.map { "\($0.name): \($0.figure)" }.joined(separator: "; "),
            height: y, body)
    }

    /// Lifetime value per customer, all customers first, then each segment, in đồng.
    func lifetimeValue(_ rows: [SegmentLifetimeValue]) -> String {
        guard rows.contains(where: { $0.purchases > 0 }) else { return empty(words.valueEmpty) }
        return bars(
            id: "lifetime-value", title: words.valueCaption,
            rows.map { row in
                let name =
                    switch row.segment {
                    case SegmentLifetimeValue.all: words.allCustomers
                    case SegmentLifetimeValue.none: words.noSegment
                    default: row.segment
                    }
                return (
                    "\(name) (\(language.number(Double(row.customers))) \(words.customers))", row.value?.value,
                    row.value.map { language.dong($0.value) } ?? words.valueUnknown
                )
            })
    }

    /// Purchasing customers per RFM tier, best first, with their count and share.
    func loyaltyTiers(_ tiers: [RFMTier: Int]) -> String {
        let total = tiers.values.reduce(0, +)
        guard total > 0 else { return empty(words.loyaltyEmpty) }
        return bars(
            id: "loyalty-tiers", title: words.loyaltyCaption,
            RFMTier.allCases.map { tier in
                let count = tiers[tier] ?? 0
                return (
                    words.tier(tier), Double(count),
                    "\(language.number(Double(count))) (\(language.percent(Double(count) / Double(total))))"
                )
            })
    }
}
