import ArgumentParser
import Foundation
import Logging
import RapportConfig
import RapportCore
import RapportDaemon
import RapportServer
import RapportStore
import ServiceLifecycle
import UnixSignals

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon: evaluate campaigns every tick and send what is due.",
        discussion: """
            Without --once, runs until SIGTERM or SIGINT: then it claims nothing more, gives the messages \
            not yet sent back to the queue, lets each worker finish the one in flight and exits 0 — or, \
            when that takes longer than delivery.shutdown_timeout (30s), exits 75 without it; it stays \
            'sending' and is sent again when its lease runs out. \
            Campaign files are re-read every tick; a file that stops loading keeps its last good version \
            running and the error is logged. SIGHUP (systemctl reload) re-reads the config, the campaigns \
            and every secret file: a set with any error is logged with its file:line:column and the \
            running set goes on; a good one takes effect at the next tick, and what changed is logged. \
            The delivery workers run beside the ticks: they wake after each evaluation and whenever a \
            retry comes due.

            Under systemd (Type=notify) it reports READY=1 once the store is open, the campaigns are \
            checked and the HTTP port is bound, STATUS= after each tick, WATCHDOG=1 at half of \
            WatchdogSec=, and STOPPING=1 on SIGTERM; when standard error is the journal, each log line \
            carries its priority (journalctl -p warning shows what needs attention).

            Each due occurrence is written to the ledger once ('queued'); delivery workers claim it under \
            a lease, write it as 'sending' before the transport is called, and as 'sent', 'retrying' \
            (with backoff) or 'failed' after. So each occurrence goes out once across restarts and \
            overlapping runs; a worker killed mid-send leaves its message to be sent again, with the \
            same Message-ID, when the lease runs out.

            With --once it prints, per campaign and in all, two groups that each add up to their own \
            total: '4 delivery attempts (4 sent, 0 failed, 0 retrying, 0 suppressed); 4 occurrences due \
            (4 queued, 0 skipped, 0 deferred, 0 expired)'. A message that became due and was sent in the \
            same tick is in both: four messages, not eight. --json prints the same counts as one object.

            Examples:
              rapport run
              rapport run --once
              rapport run --once --now 2026-12-01T09:00:00+07:00
              rapport run --once --no-deliver && rapport log --status queued
              rapport run --once --json | jq .total.sent
              kill -HUP "$(pidof rapport)"    # reload, as systemctl reload rapport does
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

    @Flag(help: "With --once: print what the tick did as one JSON object.")
    var json = false

    @OptionGroup var zone: UTCOption

    @Flag(help: "Migrate a store an older rapport made before starting (see 'rapport migrate').")
    var migrate = false

    func validate() throws {
        if noDeliver && !once { throw ValidationError("--no-deliver needs --once") }
        if json && !once { throw ValidationError("--json needs --once; the daemon logs to standard error") }
    }

    /// What `run --once --json` prints: the counts per campaign and in all.
    struct OnceOutput: Encodable {
        var time: Date
        var campaigns: [String: TickReport.Counts]
        var total: TickReport.Counts
    }

    func run() async throws {
        let config = try global.loadConfig(createsMissingSecrets: true)
        let journal = JournalLogHandler.standardErrorIsJournal()
        LoggingSystem.bootstrap { label -> any LogHandler in
            journal ? JournalLogHandler() : StreamLogHandler.standardError(label: label)
        }
        let logger = Logger(label: "rapport")
        // What the daemon writes (outbox files, the store) holds personal data: owner-only.
        umask(0o077)
        let plan = try Store.migrationPlan(config.store)
        if plan.needsMigrating && !migrate {
            printError(
                "\(config.storePath) was made by an older rapport and needs migrating (pending: \(plan.pending.joined(separator: ", "))); back it up, then run `rapport migrate` (or start with `rapport run --migrate`)"
            )
            throw ExitCode.configError
        }
        let store = try Store(config.store)
        let set = CampaignSet.load(for: config)
        for risk in config.risks(campaigns: set.campaigns) {
            logger.warning("rapport check refuses this config", metadata: ["problem": "\(risk.description)"])
        }
        // Read only by the HTTP service's /metrics and /healthz, which `run --once` does not serve.
        let metrics = config.server != nil && !once ? DaemonMetrics() : nil
        let running = Reloadable(
            try RunningSet.make(config: config, campaigns: set.campaigns, store: store, metrics: metrics))

        if once {
            let now = time.wallClock.now
            let current = running.value
            let campaigns = await current.library.reload(logger: logger)
            let report =
                noDeliver
                ? try current.tick.evaluate(campaigns: campaigns, at: now, logger: logger)
                : try await current.tick.run(campaigns: campaigns, at: now, logger: logger)
            current.tick.prune(at: now, logger: logger)
            let times = zone.times(config)
            if json {
                print(
                    JSONLines.encode(OnceOutput(time: now, campaigns: report.counts, total: report.total), times: times)
                )
                return
            }
            for (campaign, counts) in report.counts.sorted(by: { $0.key < $1.key }) {
                print("\(campaign): \(counts.summary)")
            }
            print("tick at \(times.format(now)): \(report.total.summary)")
            return
        }

        FileDescriptorLimit.raiseToHardLimit(logger: logger)
        let notifier = ServiceNotifier()
        let heartbeat = metrics.map { _ in TickHeartbeat(interval: config.tickInterval.timeInterval) }
        // A service group stops its services in reverse order: the workers first, so SIGTERM stops
        // the claiming at once even while the scheduler is in the middle of an evaluation.
        let bell = DeliveryBell()
        let delivery = DeliveryService(
            running: running, bell: bell, clock: ContinuousClock(), wallClock: time.wallClock,
            idleLimit: .seconds(config.tickInterval.seconds), logger: logger)
        var scheduler = Scheduler(
            running: running, bell: bell, clock: ContinuousClock(), wallClock: time.wallClock, logger: logger)
        scheduler.heartbeat = heartbeat
        scheduler.metrics = metrics
        scheduler.notifier = notifier
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: scheduler), .init(service: delivery),
        ]
        var tokens: Reloadable<APITokens>?
        if let server = config.server, let metrics, let heartbeat {
            var settings = HTTPSettings(
                host: server.host, port: server.port, maximumBodyBytes: server.maximumBodyBytes,
                tokens: server.tokens, connections: server.connections)
            settings.phoneCountryCode = config.phoneCountryCode
            tokens = settings.tokens
            // The first tick waits for the port: a port in use stops the daemon before it sends.
            let barrier = StartupBarrier()
            scheduler.startAfter = barrier
            services[0] = .init(service: scheduler)
            let http = HTTPService(
                settings: settings, store: store, links: config.links, metrics: metrics, heartbeat: heartbeat,
                wallClock: time.wallClock, logger: logger,
                onListening: { _ in
                    barrier.open()
                    notifier.ready(status: "serving HTTP on \(server.host):\(server.port); first tick starting")
                })
            // First in the list, so it stops last: the API answers while the workers wind down.
            services.insert(.init(service: http), at: 0)
        } else {
            notifier.ready(status: "first tick starting")
        }
        let reload = ReloadService(
            configPath: config.file, startedWith: config, store: store, metrics: metrics, running: running,
            tokens: tokens, requests: await UnixSignalsSequence(trapping: .sighup), notifier: notifier,
            logger: logger)
        services.append(.init(service: reload))
        let group = ServiceGroup(configuration: .init(services: services, logger: logger))
        var bound = ShutdownBound(
            timeout: .seconds(config.delivery.shutdownTimeout.seconds), clock: ContinuousClock())
        bound.notifier = notifier
        try await bound.run(
            group, stoppingOn: await UnixSignalsSequence(trapping: .sigterm, .sigint), logger: logger
        ) {
            // Not waiting for the transports: what they hold comes back after its lease.
            Foundation.exit(Self.shutdownBoundReached.rawValue)
        }
    }

    /// The exit status when the shutdown bound (`delivery.shutdown_timeout`) passed with messages
    /// still in flight: EX_TEMPFAIL, as they are sent again after their lease.
    static let shutdownBoundReached = ExitCode.temporaryFailure
}
