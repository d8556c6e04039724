import ArgumentParser
import Foundation
import Logging
import RapportConfig
import RapportCore
import RapportDaemon
import RapportStore
import ServiceLifecycle
import UnixSignals

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon: evaluate campaigns every tick and send what is due.",
        discussion: """
            Without --once, runs until SIGTERM or SIGINT, then finishes the message in hand and exits 0. \
            Campaign files are re-read every tick; a file that stops loading keeps its last good version \
            running and the error is logged.

            Each due occurrence is written to the ledger once ('queued'); delivery workers claim it under \
            a lease, write it as 'sending' before the transport is called, and as 'sent', 'retrying' \
            (with backoff) or 'failed' after. So each occurrence goes out once across restarts and \
            overlapping runs; a worker killed mid-send leaves its message to be sent again, with the \
            same Message-ID, when the lease runs out.

            Examples:
              rapport run
              rapport run --once
              rapport run --once --now 2026-12-01T09:00:00+07:00
              rapport run --once --no-deliver && rapport log --status queued
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var time: NowOption

    @Flag(help: "Run one tick (evaluate and deliver), print what it did and exit.")
    var once = false

    @Flag(
        help: ArgumentHelp(
            "With --once: evaluate and queue what is due, but deliver nothing.",
            discussion: "The queue waits for the next run; see it with 'rapport log --status queued'."))
    var noDeliver = false

    func validate() throws {
        if noDeliver && !once { throw ValidationError("--no-deliver needs --once") }
    }

    func run() async throws {
        let config = try global.loadConfig()
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let logger = Logger(label: "rapport")
        let store = try Store(path: config.storePath)
        let workers = try (0..<config.delivery.workers).map { _ in try TransportSet.make(config.transports) }
        let courier = Courier(
            store: store, workers: workers, retryPolicy: config.delivery.retry,
            lease: config.delivery.lease.timeInterval)
        let tick = Tick(
            store: store, sender: config.sender, defaultZone: config.defaultTimeZone, courier: courier,
            links: config.links, defaultWindow: config.sendWindow, frequencyCap: config.frequencyCap)
        let library = CampaignLibrary(
            directory: config.campaignsDirectory, transports: Set(config.transports.keys),
            linksConfigured: config.links != nil)

        if once {
            let now = time.wallClock.now
            let campaigns = await library.reload(logger: logger)
            let report =
                noDeliver
                ? try tick.evaluate(campaigns: campaigns, at: now, logger: logger)
                : try await tick.run(campaigns: campaigns, at: now, logger: logger)
            for (campaign, counts) in report.counts.sorted(by: { $0.key < $1.key }) {
                print("\(campaign): \(counts.summary)")
            }
            print("tick at \(Timestamp.format(now)): \(report.total.summary)")
            return
        }

        let scheduler = Scheduler(
            tick: tick, library: library, clock: ContinuousClock(), wallClock: time.wallClock,
            interval: .seconds(config.tickInterval.seconds), logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: scheduler)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
