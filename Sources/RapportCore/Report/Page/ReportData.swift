/// Everything the HTML report shows, gathered by the caller from the store.
public struct ReportData: Sendable {
    /// e.g. `2026-09-01T00:00:00Z to 2026-12-01T00:00:00Z`.
    public var period: String
    public var nps: NPSBreakdown
    public var retention: RetentionRate
    public var cohorts: [SignupCohort]
    public var funnels: [CampaignFunnel]

    public init(
        period: String, nps: NPSBreakdown, retention: RetentionRate, cohorts: [SignupCohort], funnels: [CampaignFunnel]
    ) {
        self.period = period
        self.nps = nps
        self.retention = retention
        self.cohorts = cohorts
        self.funnels = funnels
    }
}
