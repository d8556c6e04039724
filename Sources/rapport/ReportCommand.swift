import ArgumentParser
import Foundation
import RapportConfig
import RapportCore
import RapportStore

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "What the retention work achieved: campaigns, NPS, retention, lifetime value, loyalty tiers.",
        discussion: """
            Each section reads the store (opened read-only) over a period, --since to --until \
            (default: the 30 days before now). Days are in the config's time_zone. Prints a table; \
            --csv for spreadsheets, --json (one object per line) for tools.

            Examples:
              rapport report campaigns --since 2026-11-01 --until 2026-12-01
              rapport report nps --since 365d --json
              rapport report retention --active-within 60d
              rapport report value --segment plan --csv > value.csv
              rapport report loyalty --save
              rapport report --html report.html --since 2026-09-01 --lang vi
            """,
        subcommands: [
            CampaignsReport.self, NPSReport.self, RetentionReport.self, ValueReport.self, LoyaltyReport.self,
        ])

    @OptionGroup var options: ReportOptions

    @OptionGroup var segment: SegmentOption

    @OptionGroup var activity: ActivityWindowOption

    func run() async throws {
        guard try options.writePage(activeWithin: activity.window, segment: segment.segment) else {
            throw CleanExit.helpRequest(self)
        }
    }
}

/// What every report section takes: the period, the campaigns and the output format.
struct ReportOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @OptionGroup var time: NowOption
    @OptionGroup var page: ReportPageOptions

    @Option(
        help:
            "Start of the period: YYYY-MM-DD, an ISO 8601 time, or an age such as 90d. Default: 30 days before --until."
    )
    var since: String?

    @Option(help: "End of the period (not included): YYYY-MM-DD, an ISO 8601 time or an age. Default: now.")
    var until: String?

    @Option(help: "Only this campaign (repeat for several).")
    var campaign: [String] = []

    @Flag(help: "Print CSV with a header row.")
    var csv = false

    @Flag(help: "Print one JSON object per row.")
    var json = false

    @OptionGroup var zone: UTCOption

    func validate() throws {
        if csv && json { throw ValidationError("choose one of --csv and --json") }
        if page.html != nil && (csv || json) {
            throw ValidationError("--html writes the page; --csv and --json print a section's table: choose one")
        }
    }

    var format: ReportOutput.Format { csv ? .csv : json ? .json : .table }

    var campaignFilter: [String]? { campaign.isEmpty ? nil : campaign }

    /// For sections that cover every customer: `--campaign` would be silently ignored, so it is refused.
    func refuseCampaignFilter(in section: String) throws {
        guard campaign.isEmpty else {
            throw ValidationError(
                "report \(section) covers every customer, not one campaign's; --campaign is for report campaigns and report nps"
            )
        }
    }

    /// The config, the store (read-only) and the period.
    func open() throws -> (config: DaemonConfig, store: Store, start: Date, end: Date) {
        let config = try global.loadConfig()
        let now = time.wallClock.now
        let zone = config.defaultTimeZone
        let end = try until.map { try TimeArgument.instant($0, option: "--until", zone: zone, now: now) } ?? now
        let start =
            try since.map { try TimeArgument.instant($0, option: "--since", zone: zone, now: now) }
            ?? end.addingTimeInterval(-30 * 86_400)
        let times = self.zone.times(config)
        guard start < end else {
            throw ValidationError("--since (\(times.format(start))) must be before --until (\(times.format(end)))")
        }
        // Only events feed figures; pruned message details and comments change none.
        if let cutoff = config.retention?.cutoffs(at: now).events, start < cutoff {
            printNote(
                "the period starts before \(times.format(cutoff)); events older than that are pruned (retention.events), so figures built on them (purchases, activity, goals) are incomplete"
            )
        }
        return (config, try Store(config.store, access: .readOnly), start, end)
    }

    /// The `goal:` of each campaign that loads, for conversions.
    func goals(of config: DaemonConfig) -> [String: CampaignGoal] {
        Dictionary(
            uniqueKeysWithValues: CampaignSet.load(for: config).campaigns.compactMap { campaign in
                campaign.goal.map { (campaign.id, $0) }
            })
    }

    /// `2026-06-01 00:00 +07:00 to 2026-07-01 00:00 +07:00`: the period as the operator gave it,
    /// local days included, in the zone the command prints times in.
    func periodTitle(_ start: Date, _ end: Date, _ config: DaemonConfig) -> String {
        let times = zone.times(config)
        return "\(times.format(start)) to \(times.format(end))"
    }
}
