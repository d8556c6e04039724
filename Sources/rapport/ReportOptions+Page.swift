import Foundation
import RapportConfig
import RapportCore
import RapportStore

extension ReportOptions {
    /// Writes the HTML page when `--html` was given, wherever on the command line, and says so;
    /// false without it, so the section prints its table.
    func writePage(activeWithin: TimeSpan, segment: String? = nil) throws -> Bool {
        guard let file = page.html else { return false }
        let (config, store, start, end) = try open()
        let zone = config.defaultTimeZone
        let retention = try store.retention(from: start, to: end, activeWithin: activeWithin.timeInterval)
        let campaigns = CampaignSet.load(for: config).campaigns
        let lifespan = retention.churnRate.flatMap(CustomerLifetimeValue.lifespan(churnRate:))
        let purchasers = try store.purchaseHistories(from: .distantPast, to: end)
        let data = ReportData(
            language: page.lang ?? config.language,
            firstDay: ZonedTime.localDate(of: start, in: zone),
            lastDay: ZonedTime.localDate(of: end.addingTimeInterval(-1), in: zone),
            nps: try NPSBreakdown(
                try store.surveyAnswers(from: start, to: end, campaignIDs: campaignFilter), zone: zone),
            retention: retention,
            cohorts: try store.signupCohorts(from: start, to: end, zone: zone),
            funnels: try store.campaignFunnels(
                from: start, to: end, campaignIDs: campaignFilter, goals: goals(of: config)),
            tracking: Dictionary(campaigns.map { ($0.id, $0.tracking) }, uniquingKeysWith: { first, _ in first }),
            lifetimeValues: try store.purchaseHistories(from: start, to: end, segment: segment)
                .lifetimeValues(segmented: segment != nil, lifespan: lifespan),
            tiers: Dictionary(purchasers.rfmTiers(at: end).map { ($0, 1) }, uniquingKeysWith: +))
        try ReportPage.html(data).write(toFile: file, atomically: true, encoding: .utf8)
        print("wrote \(file)")
        return true
    }
}
