/// Everything the HTML report shows, gathered by the caller from the store and the campaigns.
public struct ReportData: Sendable {
    public var language: DisplayLanguage
    /// The period's first and last day in the business's time zone.
    public var firstDay: LocalDate
    public var lastDay: LocalDate
    public var nps: NPSBreakdown
    public var retention: RetentionRate
    public var cohorts: [SignupCohort]
    public var funnels: [CampaignFunnel]
    /// Per campaign id: what its mail tracks. Opens and clicks of a campaign that does not track
    /// them are not zero but unknown, so the funnel leaves those steps out.
    public var tracking: [String: MessageTracking]
    /// `all` first, then per segment.
    public var lifetimeValues: [SegmentLifetimeValue]
    /// Purchasing customers per tier.
    public var tiers: [RFMTier: Int]

    public init(
        language: DisplayLanguage, firstDay: LocalDate, lastDay: LocalDate, nps: NPSBreakdown,
        retention: RetentionRate, cohorts: [SignupCohort], funnels: [CampaignFunnel],
        tracking: [String: MessageTracking], lifetimeValues: [SegmentLifetimeValue], tiers: [RFMTier: Int]
    ) {
        self.language = language
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.nps = nps
        self.retention = retention
        self.cohorts = cohorts
        self.funnels = funnels
        self.tracking = tracking
        self.lifetimeValues = lifetimeValues
        self.tiers = tiers
    }
}
