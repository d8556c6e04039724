import Foundation
import RapportCore
import RapportStore
import RapportTestSupport
import Testing

/// `rapport report --html` on a store with answers, cohorts and a campaign with a holdout: the page
/// opens in headless Chromium, fetches nothing, and draws all four charts.
@Suite struct HTMLReportTests {
    static func at(_ text: String) -> Date { Timestamp.parse(text)! }

    @Test func reportPageOpensOfflineWithItsFourCharts() async throws {
        let setup = try Deployment(
            smtpURL: "smtp://127.0.0.1:1",
            campaignFiles: [
                "winback.yml": """
                id: winback
                trigger: { kind: inactivity, after: [30d] }
                goal: { events: [purchase], within: 14d }
                holdout: 20%
                message: { subject: "Nhớ bạn", text: "Chào {{first_name}}" }
                """
            ])
        defer { setup.cleanUp() }
        let store = try Store(path: setup.storePath)
        let customers = (0..<40).map { index in
            var patch = CustomerPatch(id: "C\(index)")
            patch.email = "c\(index)@example.vn"
            patch.signedUpAt = Self.at(index < 20 ? "2026-09-10T00:00:00Z" : "2026-10-10T00:00:00Z")
            return patch
        }
        _ = try store.upsert(customers, at: Self.at("2026-09-01T00:00:00Z"))
        var events: [CustomerEvent] = []
        for index in 0..<40 where index % 3 != 0 {
            events.append(
                CustomerEvent(
                    customerID: "C\(index)", kind: "purchase",
                    occurredAt: Self.at("2026-11-0\(index % 9 + 1)T00:00:00Z"),
                    properties: ["amount": .number(Double(100 + index))]))
        }
        _ = try store.record(events, at: Self.at("2026-11-20T00:00:00Z"))
        for (index, month) in ["09", "10", "11"].enumerated() {
            for score in [10, 9, 7, 3, 10 - index * 3] {
                let answer = SurveyAnswer(
                    customerID: "C\(score)", campaignID: "nps-\(month)-\(score)",
                    occurrence: OccurrenceKey(rawValue: "interaction:1"), score: score)!
                try store.record(answer, at: Self.at("2026-\(month)-15T00:00:00Z"))
            }
        }
        let decisions = (0..<40).map { index in
            Decision(
                campaignID: "winback", customerID: "C\(index)", occurrence: OccurrenceKey(rawValue: "q1"),
                action: index % 5 == 0 ? .holdout : .send)
        }
        _ = try store.record(decisions, transport: "default", at: Self.at("2026-10-20T00:00:00Z"))
        for claim in try store.claimDue(
            owner: "t", campaignIDs: ["winback"], limit: 100, lease: 60, at: Self.at("2026-10-20T00:00:00Z"))
        {
            _ = try store.complete(claim, owner: "t", as: .sent, reply: "250 ok", at: Self.at("2026-10-20T00:00:00Z"))
        }

        let page = setup.directory.appendingPathComponent("report.html")
        let run = try await setup.cli.run([
            "report", "--html", page.path, "--since", "2026-09-01", "--until", "2026-12-01",
        ])
        #expect(run.status == 0, "\(run)")
        let html = try String(contentsOf: page, encoding: .utf8)
        // Nothing to run or fetch: no script, no src or href, no CSS url() (the SVG namespace is a name only).
        #expect(
            !html.contains("<script") && !html.contains("src=") && !html.contains("href=") && !html.contains("url("))

        let screenshot = setup.directory.appendingPathComponent("report.png")
        let view = try await BrowserCheck.run(
            url: page.absoluteString, screenshot: screenshot, action: "view", argument: "-")
        #expect(try Data(contentsOf: screenshot).prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        #expect(view.resources == 0, "the page fetched something")
        let charts = try #require(view.charts)
        #expect(Set(charts.keys) == ["nps-trend", "cohort-heatmap", "campaign-funnel", "holdout-lift"], "\(charts)")
        #expect(charts["nps-trend"] == 4, "three monthly points and the line")
        #expect(charts["cohort-heatmap"] == 2 * 3, "two cohorts × months 0…2")
        #expect(charts["campaign-funnel"] == 5, "one campaign × five stages")
        #expect(charts["holdout-lift"] == 2, "one interval and its point")
        #expect(view.before.contains("Retention report"))
    }
}
