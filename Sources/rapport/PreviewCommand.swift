import ArgumentParser
import Foundation
import Logging
import RapportConfig
import RapportCore
import RapportDaemon
import RapportStore

struct PreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract:
            "Show who would get which message now, or over a window of time, without sending or writing anything.",
        discussion: """
            Without --from/--to: runs the same evaluation as a daemon tick against the store, opened \
            read-only, and prints each due message with its rendered subject and text, and each \
            customer who would be skipped with the reason.

            With --from and --to: travels in time. Works out what the daemon would do at each tick of \
            the window — every evaluation and delivery, as 'rapport run --once --now' would — with every \
            transport replaced by one that sends nothing and counts each message as sent at that \
            instant. So delays, send windows and deferrals, the frequency cap and priorities, drip \
            exits, cooldowns and expiries, missed occurrences included, play out as they would; then it \
            lists who gets which message when (TIME in the config's time zone) and what is deferred, \
            skipped or expired, with the reason. It works by intervals: each campaign's candidates are \
            read once for the whole window, and each customer's ticks are played only where something \
            of theirs is due, so a month costs about what its messages cost. --replay runs the daemon's \
            own ticks instead, one after another on a scratch copy of the store in $TMPDIR (it needs \
            room for a copy): the same list, far slower on a large store; the reference the interval \
            preview is tested against. The store is only read; nothing is sent. The window is days in \
            the config's time_zone (both included) or ISO 8601 times. When it lies ahead, the run starts \
            at --now (default: now), as the daemon would carry on until then, but lists only the window. \
            Customers, events and campaign files are as they are now.

            --step is the time between simulated ticks. Default: 1h, or the config's tick when longer. \
            The daemon ticks every 'tick' (1m by default), but 30 days of minutes are 43,200 \
            ticks; with 1h a message is listed at the first full step \
            at or after the daemon would send it, and a message due late in a send window may be \
            deferred to the next day where the daemon would have sent it. --step 1m on a small store \
            gives the daemon's own timing. A step longer than an occurrence stays open (a birthday is \
            open until local midnight) can miss it: then a note on stderr says which campaigns.

            --campaign and --customer narrow the list, not the run: all campaigns share the frequency \
            cap. --customer shows that person's messages in full (headers, text and HTML) as they would \
            be sent; --out DIR writes each listed message as DIR/<time>-<campaign>-<customer>.eml (the \
            whole message, for a mail client) and .html (for a browser), named so they sort by time.

            Examples:
              rapport preview
              rapport preview --now 2026-12-01T09:00:00+07:00 --campaign welcome
              rapport preview --from 2026-12-01 --to 2026-12-31
              rapport preview --from 2026-12-01 --to 2026-12-07 --step 1m --campaign nps
              rapport preview --from 2026-12-01 --to 2026-12-31 --customer C42 --out c42
              rapport preview --from 2026-12-01T09:00:00+07:00 --to 2026-12-02 --json
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var time: NowOption

    @Option(help: "Only this campaign (with --from/--to: listed; every campaign is still simulated).")
    var campaign: String?

    @Flag(help: "Print one JSON object per line instead of text.")
    var json = false

    @OptionGroup var zone: UTCOption

    @Option(
        help: ArgumentHelp(
            "The first day (YYYY-MM-DD, in the config's time zone) or time (ISO 8601 with offset) to simulate.",
            valueName: "day-or-time"))
    var from: String?

    @Option(
        help: ArgumentHelp(
            "The last day (included) or time to simulate; with --from.", valueName: "day-or-time"))
    var to: String?

    @Option(
        help: ArgumentHelp(
            "Time between simulated ticks (30s, 1m, 1h, 1d); with --from/--to.",
            discussion: "Default: 1h, or the config's tick when longer.", valueName: "span"))
    var step: String?

    @Flag(
        help: ArgumentHelp(
            "With --from/--to: run the daemon's own ticks on a scratch copy of the store instead of working by intervals.",
            discussion: "The same list, far slower on a large store: to check the interval preview."))
    var replay = false

    @Option(help: "With --from/--to: show only this customer's messages, in full.")
    var customer: String?

    @Option(
        help: ArgumentHelp(
            "With --from/--to: write each listed message there as .eml and .html.", valueName: "directory"))
    var out: String?

    func validate() throws {
        if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together") }
        if from == nil {
            for (name, value) in [("--step", step), ("--customer", customer), ("--out", out)] where value != nil {
                throw ValidationError("\(name) needs --from and --to")
            }
            if replay { throw ValidationError("--replay needs --from and --to") }
        }
        if let step, (TimeSpan(step)?.seconds ?? 0) <= 0 {
            throw ValidationError("--step '\(step)' is not a positive span such as 1h, 30m or 1d")
        }
    }

    func run() async throws {
        let config = try global.loadConfig()
        let set = CampaignSet.load(for: config)
        for error in set.errors { printError(error.description) }
        let store = try Store(config.store, access: .readOnly)
        let now = time.wallClock.now
        var tick = Tick(
            store: store, sender: config.sender, defaultZone: config.defaultTimeZone,
            courier: Courier(
                store: store, workers: [], retryPolicy: config.delivery.retry,
                lease: config.delivery.lease.timeInterval),
            links: config.links, defaultWindow: config.sendWindow, frequencyCap: config.frequencyCap,
            addressKinds: config.transports.mapValues(\.addressKind))
        tick.defaultLanguage = config.language
        if let from, let to {
            try await previewWindow(
                from: from, to: to, config: config, campaigns: set.campaigns, tick: tick, now: now)
            return
        }
        let campaigns = set.campaigns.filter { campaign == nil || $0.id == campaign }
        let items = try tick.preview(campaigns: campaigns, at: now)
        let printer = DecisionPrinter(json: json, times: zone.times(config))
        for item in items { printer.print(item) }
        if !json {
            let sends = items.filter { if case .success = $0.rendering { true } else { false } }.count
            print(
                "\(counted(sends, "message")) due at \(printer.times.format(now)), \(items.count - sends) deferred, skipped or expired; nothing was sent"
            )
        }
    }

    /// `--from … --to …`: the daemon run on a scratch copy, then what it decided in the window.
    private func previewWindow(
        from: String, to: String, config: DaemonConfig, campaigns: [Campaign], tick: Tick, now: Date
    ) async throws {
        let times = self.zone.times(config)
        let zone = config.defaultTimeZone
        guard let start = PreviewWindow.bound(from, isEnd: false, in: zone) else {
            throw ValidationError("--from '\(from)' is neither a day (2026-12-01) nor a time with offset")
        }
        guard let end = PreviewWindow.bound(to, isEnd: true, in: zone) else {
            throw ValidationError("--to '\(to)' is neither a day (2026-12-31) nor a time with offset")
        }
        guard start < end else { throw ValidationError("--from \(from) is after --to \(to)") }
        // The store holds what the daemon did up to its last evaluation: simulating from earlier would
        // show first drip steps again to customers who had the later ones, and count the cap with
        // sends from after the simulated date.
        if let evaluated = try campaigns.compactMap({ try tick.store.lastEvaluation(of: $0.id) }).max(),
            start < evaluated
        {
            throw ValidationError(
                "--from \(from) is before the store's last evaluation, \(times.format(evaluated)); a preview travels forward only, as the store already holds what happened since. Start at that time or later, or preview a backup taken before it"
            )
        }
        if let campaign, !campaigns.contains(where: { $0.id == campaign }) {
            throw ValidationError(
                "no campaign '\(campaign)'; the campaigns are \(campaigns.map(\.id).sorted().joined(separator: ", "))")
        }
        if let customer, try tick.store.customer(id: customer) == nil {
            throw ValidationError("no customer '\(customer)' in the store \(config.storePath)")
        }
        var preview = WindowPreview(
            window: PreviewWindow(start: start, end: end),
            step: step.flatMap(TimeSpan.init) ?? WindowPreview.defaultStep(daemonTick: config.tickInterval))
        preview.campaignID = campaign
        preview.customerID = customer
        preview.keepsMessages = customer != nil
        preview.replaysTicks = replay
        do {
            preview.archive = try out.map { try MessageArchive(directory: URL(fileURLWithPath: $0), zone: zone) }
        } catch {
            printError("cannot create --out folder \(out ?? ""): \(error)")
            throw ExitCode.cannotCreate
        }
        for missed in preview.campaignsStepMayMiss(campaigns, daemonTick: config.tickInterval) {
            printNote(
                "some occurrences of '\(missed.id)' are open for less than --step \(preview.step); ticks this far apart may record them expired where the daemon, ticking every \(config.tickInterval), would send them"
            )
        }
        var logger = Logger(label: "rapport.preview")
        logger.logLevel = .error
        let printer = DecisionPrinter(json: json, times: times)
        let tally = try await preview.run(
            tick: tick, campaigns: campaigns, transports: Set(config.transports.keys), now: now,
            scratchDirectory: FileManager.default.temporaryDirectory, logger: logger
        ) { outcome throws(StoreError) in
            guard customer != nil else { return try printer.printTable(outcome) }
            var tally = DecisionPrinter.Tally()
            try outcome.forEachEntry { entry in
                tally.count(entry)
                printer.print(entry, message: entry.messageID.flatMap { outcome.messages[$0] })
            }
            return tally
        }
        let sends = tally.sends
        if !json {
            print(
                "\(counted(sends, "message")) would be sent from \(times.format(start)) until \(times.format(end)) (a tick every \(preview.step)), \(counted(tally.others, "other decision")); nothing was sent and the store is unchanged"
            )
        }
        if let archive = preview.archive {
            if let failure = archive.failure {
                printError(failure)
                throw ExitCode.failure
            }
            if !json { print("messages written to \(archive.directory.path)") }
        }
    }
}
