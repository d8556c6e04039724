import ArgumentParser
import RapportConfig
import RapportCore
import RapportDaemon
import RapportStore

struct PreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Show who would get which message now, without sending or writing anything.",
        discussion: """
            Runs the same evaluation as a daemon tick against the store, opened read-only, and prints \
            each due message with its rendered subject and text, and each customer who would be \
            skipped with the reason.

            Examples:
              rapport preview
              rapport preview --now 2026-12-01T09:00:00+07:00 --campaign welcome
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var time: NowOption

    @Option(help: "Only this campaign.")
    var campaign: String?

    @Flag(help: "Print one JSON object per line instead of text.")
    var json = false

    func run() async throws {
        let config = try global.loadConfig()
        let set = CampaignSet.load(for: config)
        for error in set.errors { printError(error.description) }
        let campaigns = set.campaigns.filter { campaign == nil || $0.id == campaign }
        let store = try Store(path: config.storePath, access: .readOnly)
        let now = time.wallClock.now
        let tick = Tick(
            store: store, sender: config.sender, defaultZone: config.defaultTimeZone,
            courier: Courier(store: store, workers: []), links: config.links, defaultWindow: config.sendWindow,
            frequencyCap: config.frequencyCap)
        let items = try tick.preview(campaigns: campaigns, at: now)
        let printer = DecisionPrinter(json: json)
        for item in items { printer.print(item) }
        if !json {
            let sends = items.filter { if case .success = $0.rendering { true } else { false } }.count
            print(
                "\(sends) message\(sends == 1 ? "" : "s") due at \(Timestamp.format(now)), \(items.count - sends) deferred, skipped or expired; nothing was sent"
            )
        }
    }
}
