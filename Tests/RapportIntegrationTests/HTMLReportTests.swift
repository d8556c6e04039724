import Foundation
import RapportCore
import RapportStore
import RapportTestSupport
import Testing

/// `rapport report --html` on a store whose figures are worked out by hand below: the page opens in
/// headless Chromium, fetches nothing, and shows a shop owner every figure as text on the charts,
/// with legends and scales, no overlapping labels and readable contrast, in English or Vietnamese.
/// The screenshots are kept in `.build/test-artifacts/` (printed in the log).
///
/// The store, over 2026-09-01 … 2026-12-01 (Asia/Ho_Chi_Minh), 90-day activity window:
/// - O0…O9 signed up in March. O0…O4 were active in August (an event) and bought 200,000 ₫ on
///   11-20; O5…O9 have only an imported `last_active_at` of 08-20. At the start all ten are active
///   (08-20 is within 90 days of 09-01); at the end O0…O4 are (their purchase) and O5…O9 are not.
/// - C0…C19 signed up 09-10 and C20…C39 10-10 (all active at the end by their signup: new, 40);
///   the 26 whose index is not a multiple of 3 bought on 11-(index % 9 + 1): 300,000 ₫ for an even
///   index (`plan: gold`, 13 of them), 200,000 ₫ for an odd one (`plan: silver`, 13).
/// - Retention (45 at the end − 40 new) / 10 at the start = 50%, churn 50%, lifespan 2 periods.
/// - Lifetime value = average order × orders per customer (1) × 2: gold 600,000, silver 400,000,
///   (none) (the O customers) 400,000, all (13 × 300,000 + 18 × 200,000) / 31 × 2 = 483,871.
/// - Cohorts: 2026-09 (20) bought in November, month 2: 13 of 20 = 65%, months 0 and 1 0%;
///   2026-10 (20): 13 in month 1 = 65%, month 0 0%, month 2 has not happened (no cell).
/// - NPS answers on the 15th: September 10 9 7 3 10 → 40.0; October 10 9 7 3 7 → 20.0; November
///   10 9 7 3 4 → 0.0.
/// - `winback` (goal: purchase within 14 days, 20% holdout, no tracking) due for C0…C39 on 10-28:
///   the 8 with an index that is a multiple of 5 held out, 32 sent; converted: the sent ones who
///   bought, 26 − 5 (5, 10, 20, 25, 35) = 21; the held out who bought: 5 of 8. Lift
///   21/32 − 5/8 = +3.1 points. `thanks` (opens tracked, no goal) sent to C0…C9: due 10, sent 10,
///   opened 0, and no converted step; nobody's clicks are tracked, so no clicked step at all.
/// - 31 purchasing customers in the loyalty tiers.
@Suite struct HTMLReportTests {
    static func at(_ text: String) -> Date { Timestamp.parse(text)! }

    static let artifacts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/test-artifacts")

    static func deployment() throws -> Deployment {
        let setup = try Deployment(
            smtpURL: "smtp://127.0.0.1:1",
            campaignFiles: [
                "winback.yml": """
                id: winback
                trigger: { kind: inactivity, after: [30d] }
                goal: { events: [purchase], within: 14d }
                holdout: 20%
                message: { subject: "Nhớ bạn", text: "Chào {{first_name}}" }
                """,
                "thanks.yml": """
                id: thanks
                trigger: { kind: inactivity, after: [60d] }
                tracking: { opens: true }
                message: { subject: "Cảm ơn", text: "Chào {{first_name}}", html: "<p>Chào {{first_name}}</p>" }
                """,
            ])
        try setup.addLinks()
        let store = try Store(path: setup.storePath)
        var patches = (0..<10).map { index in
            var patch = CustomerPatch(id: "O\(index)")
            patch.email = "o\(index)@example.vn"
            patch.signedUpAt = Self.at("2026-03-01T00:00:00Z")
            if index >= 5 { patch.lastActiveAt = Self.at("2026-08-20T00:00:00Z") }
            return patch
        }
        patches += (0..<40).map { index in
            var patch = CustomerPatch(id: "C\(index)")
            patch.email = "c\(index)@example.vn"
            patch.signedUpAt = Self.at(index < 20 ? "2026-09-10T00:00:00Z" : "2026-10-10T00:00:00Z")
            patch.attributes["plan"] = .string(index % 2 == 0 ? "gold" : "silver")
            return patch
        }
        _ = try store.upsert(patches, at: Self.at("2026-09-01T00:00:00Z"))
        var events: [CustomerEvent] = []
        for index in 0..<5 {
            events.append(
                CustomerEvent(customerID: "O\(index)", kind: "activity", occurredAt: Self.at("2026-08-10T00:00:00Z")))
            events.append(
                CustomerEvent(
                    customerID: "O\(index)", kind: "purchase", occurredAt: Self.at("2026-11-20T00:00:00Z"),
                    properties: ["amount": .number(200_000)]))
        }
        for index in 0..<40 where index % 3 != 0 {
            events.append(
                CustomerEvent(
                    customerID: "C\(index)", kind: "purchase",
                    occurredAt: Self.at("2026-11-0\(index % 9 + 1)T00:00:00Z"),
                    properties: ["amount": .number(index % 2 == 0 ? 300_000 : 200_000)]))
        }
        _ = try store.record(events, at: Self.at("2026-11-25T00:00:00Z"))
        for (index, month) in ["09", "10", "11"].enumerated() {
            for (position, score) in [10, 9, 7, 3, 10 - index * 3].enumerated() {
                let answer = SurveyAnswer(
                    customerID: "C\(score)", campaignID: "nps-\(month)-\(position)",
                    occurrence: OccurrenceKey(rawValue: "interaction:1"), score: score)!
                try store.record(answer, at: Self.at("2026-\(month)-15T00:00:00Z"))
            }
        }
        let sentAt = Self.at("2026-10-28T00:00:00Z")
        let decisions =
            (0..<40).map { index in
                Decision(
                    campaignID: "winback", customerID: "C\(index)", occurrence: OccurrenceKey(rawValue: "q1"),
                    action: index % 5 == 0 ? .holdout : .send)
            }
            + (0..<10).map { index in
                Decision(
                    campaignID: "thanks", customerID: "C\(index)", occurrence: OccurrenceKey(rawValue: "q1"),
                    action: .send)
            }
        _ = try store.record(decisions, transport: "default", at: sentAt)
        for claim in try store.claimDue(
            owner: "t", campaignIDs: ["winback", "thanks"], limit: 100, lease: 60, at: sentAt)
        {
            _ = try store.complete(claim, owner: "t", as: .sent, reply: "250 ok", at: sentAt)
        }
        return setup
    }

    /// Opens the page, keeps its screenshot as an artifact, and checks what holds in any language:
    /// nothing fetched, no overlapping labels, readable contrast.
    static func view(_ page: URL, artifact: String) async throws -> BrowserCheck {
        let html = try String(contentsOf: page, encoding: .utf8)
        // Nothing to run or fetch: no script, no src or href, no CSS url() (the SVG namespace is a name only).
        #expect(
            !html.contains("<script") && !html.contains("src=") && !html.contains("href=") && !html.contains("url("))
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let screenshot = artifacts.appendingPathComponent(artifact)
        let view = try await BrowserCheck.run(
            url: page.absoluteString, screenshot: screenshot, action: "view", argument: "-")
        print("HTML report screenshot: \(screenshot.path)")
        #expect(try Data(contentsOf: screenshot).prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        #expect(view.resources == 0, "the page fetched something")
        #expect(view.overlaps == [], "labels drawn over each other")
        #expect(view.lowContrast == [], "text below 4.5:1 contrast")
        let charts = try #require(view.charts)
        #expect(
            Set(charts.keys) == [
                "nps-trend", "cohort-heatmap", "campaign-funnel", "holdout-lift", "lifetime-value", "loyalty-tiers",
            ], "\(charts)")
        #expect(charts["cohort-heatmap"] == 5 + 5, "five cells that have happened, five legend steps")
        return view
    }

    @Test func englishPageShowsEveryFigureWhereverHTMLIsWritten() async throws {
        let setup = try Self.deployment()
        defer { setup.cleanUp() }
        let page = setup.directory.appendingPathComponent("report.html")
        // --html before the section: the page, not the section's table.
        let run = try await setup.cli.run([
            "report", "--html", page.path, "--since", "2026-09-01", "--until", "2026-12-01", "--segment", "plan",
            "value",
        ])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "wrote \(page.path)\n", "no table instead of the page")
        let view = try await Self.view(page, artifact: "html-report-en.png")
        #expect(view.lang == "en")
        let texts = try #require(view.texts)
        #expect(
            texts["nps-trend"]?.filter { ["40.0", "20.0", "0.0", "5 answers", "2026-09"].contains($0) }.count == 7,
            "\(texts["nps-trend"] ?? [])")
        #expect(
            texts["cohort-heatmap"] == [
                "M0", "M1", "M2", "2026-09 (20)", "0%", "0%", "65%", "2026-10 (20)", "0%", "65%", "Share active",
                "0%", "25%", "50%", "75%", "100%",
            ])
        #expect(
            texts["campaign-funnel"] == [
                "due", "sent", "opened", "converted", "thanks", "due 10", "sent 10", "opened 0", "winback", "due 40",
                "sent 32", "converted 21",
            ])
        let lift = try #require(texts["holdout-lift"])
        #expect(lift.prefix(3) == ["difference", "95% interval", "winback"])
        #expect(lift.contains { $0.hasPrefix("+3.1 (") }, "\(lift)")
        #expect(lift.last == "percentage points")
        #expect(
            texts["lifetime-value"] == [
                "all customers (31 customers)", "₫483,871", "no value (5 customers)", "₫400,000",
                "gold (13 customers)", "₫600,000", "silver (13 customers)", "₫400,000",
            ])
        let tiers = try #require(texts["loyalty-tiers"])
        #expect(
            Array(stride(from: 0, to: tiers.count, by: 2).map { tiers[$0] }) == [
                "Champions", "Loyal", "Potential", "At risk", "Hibernating", "Lost",
            ])
        let counts = stride(from: 1, to: tiers.count, by: 2).compactMap { Int(tiers[$0].prefix { $0 != " " }) }
        #expect(counts.count == 6 && counts.reduce(0, +) == 31, "\(tiers)")
        #expect(view.before.contains("Retention\n50.0%") || view.before.contains("Retention 50.0%"), "\(view.before)")

        // Only the campaign without a holdout: a sentence, not an empty lift axis.
        let narrow = setup.directory.appendingPathComponent("thanks.html")
        let thanks = try await setup.cli.run([
            "report", "campaigns", "--campaign", "thanks", "--html", narrow.path, "--since", "2026-09-01", "--until",
            "2026-12-01",
        ])
        #expect(thanks.status == 0, "\(thanks)")
        let page2 = try String(contentsOf: narrow, encoding: .utf8)
        #expect(!page2.contains("id=\"holdout-lift\""))
        #expect(page2.contains("<p class=\"empty\">No campaign with a holdout and a goal in this period.</p>"))
    }

    @Test func vietnamesePageFromTheConfigsLanguage() async throws {
        let setup = try Self.deployment()
        defer { setup.cleanUp() }
        try setup.appendToConfig("language: vi")
        let page = setup.directory.appendingPathComponent("bao-cao.html")
        let run = try await setup.cli.run([
            "report", "--since", "2026-09-01", "--until", "2026-12-01", "--html", page.path, "--segment", "plan",
        ])
        #expect(run.status == 0, "\(run)")
        let view = try await Self.view(page, artifact: "html-report-vi.png")
        #expect(view.lang == "vi")
        #expect(view.title == "Báo cáo giữ chân khách hàng, Từ 1 tháng 9, 2026 đến 30 tháng 11, 2026")
        let texts = try #require(view.texts)
        #expect(texts["nps-trend"]?.contains("40,0") == true && texts["nps-trend"]?.contains("5 câu trả lời") == true)
        #expect(texts["cohort-heatmap"]?.prefix(3) == ["T0", "T1", "T2"])
        #expect(texts["cohort-heatmap"]?.contains("Tỷ lệ hoạt động") == true)
        #expect(
            texts["campaign-funnel"]?.prefix(4) == ["đến hạn", "đã gửi", "đã mở", "đạt mục tiêu"],
            "\(texts["campaign-funnel"] ?? [])")
        #expect(texts["holdout-lift"]?.contains { $0.hasPrefix("+3,1 (") } == true)
        #expect(texts["lifetime-value"]?.prefix(2) == ["tất cả khách (31 khách)", "483.871 ₫"])
        #expect(texts["loyalty-tiers"]?.first == "Khách tốt nhất")
        #expect(view.before.contains("Tỷ lệ giữ chân"), "\(view.before)")
        #expect(!view.before.contains("Retention"), "an English word left on the Vietnamese page")
    }
}
