public import Logging
public import RapportConfig
public import RapportCore
public import RapportServer
public import RapportStore
public import ServiceLifecycle

/// Re-reads the config, the campaigns and every secret file (SMTP passwords, API keys, ingest
/// tokens) on each request — SIGHUP, which `systemctl reload` sends — without stopping.
///
/// All or nothing: a config or a campaign set with any error is logged, error by error with
/// its `file:line:column`, and the running set keeps going untouched. A good one replaces the
/// running set and takes effect at the next tick, and what changed is logged. The store, the
/// link-signing key and the HTTP service's address are held by running parts: a change to them
/// is logged as waiting for a restart, and they keep their running values.
public struct ReloadService<Requests: AsyncSequence & Sendable>: Service
where Requests.Element: Sendable, Requests.Failure == Never {
    let configPath: String
    let startedWith: DaemonConfig
    let store: Store
    let metrics: DaemonMetrics?
    let running: Reloadable<RunningSet>
    /// The ingest API's tokens, when the HTTP service runs.
    let tokens: Reloadable<APITokens>?
    let requests: Requests
    let notifier: ServiceNotifier
    let logger: Logger

    public init(
        configPath: String, startedWith: DaemonConfig, store: Store, metrics: DaemonMetrics?,
        running: Reloadable<RunningSet>, tokens: Reloadable<APITokens>?, requests: Requests, notifier: ServiceNotifier,
        logger: Logger
    ) {
        self.configPath = configPath
        self.startedWith = startedWith
        self.store = store
        self.metrics = metrics
        self.running = running
        self.tokens = tokens
        self.requests = requests
        self.notifier = notifier
        self.logger = logger
    }

    public func run() async throws {
        var config = startedWith
        for await _ in requests.cancelOnGracefulShutdown() {
            notifier.reloading()
            config = await reload(from: config)
            notifier.ready(status: "reloaded; waiting for the next tick")
        }
    }

    /// Applies the config file as it is now, if it and its campaigns load without error; returns
    /// the config running afterwards.
    func reload(from current: DaemonConfig) async -> DaemonConfig {
        logger.info("reloading", metadata: ["config": "\(configPath)"])
        let new: DaemonConfig
        do {
            new = try DaemonConfig.load(from: configPath, createsMissingSecrets: true)
        } catch {
            logger.error("reload refused: the running set keeps going", metadata: ["error": "\(error.description)"])
            return current
        }
        let set = CampaignSet.load(for: new)
        guard set.errors.isEmpty else {
            for error in set.errors {
                logger.error("reload refused: the running set keeps going", metadata: ["error": "\(error.description)"])
            }
            return current
        }
        let changes = current.changes(to: new)
        var applied = new
        applied.store = current.store
        applied.links = current.links
        applied.server = current.server.map { server in
            var kept = server
            kept.tokens = new.server?.tokens ?? server.tokens
            return kept
        }
        applied.delivery.shutdownTimeout = current.delivery.shutdownTimeout
        let previous = running.value
        let next: RunningSet
        do {
            next = try RunningSet.make(
                config: applied, campaigns: set.campaigns, store: store, metrics: metrics, previous: previous)
        } catch {
            logger.error("reload refused: the running set keeps going", metadata: ["error": "\(error)"])
            return current
        }
        let before = Set(await previous.library.campaigns.map(\.id))
        let after = Set(set.campaigns.map(\.id))
        running.replace(with: next)
        if let tokens, let newTokens = applied.server?.tokens { tokens.replace(with: newTokens) }
        logger.info(
            "reloaded: the new set takes effect at the next tick",
            metadata: [
                "changed": "\(changes.applied.isEmpty ? "nothing" : changes.applied.joined(separator: ","))",
                "campaigns": "\(after.count)",
                "campaigns_added": "\(after.subtracting(before).sorted().joined(separator: ","))",
                "campaigns_removed": "\(before.subtracting(after).sorted().joined(separator: ","))",
            ])
        if !changes.needRestart.isEmpty {
            logger.warning(
                "changed in the config but kept until a restart (systemctl restart rapport)",
                metadata: ["keys": "\(changes.needRestart.joined(separator: ","))"])
        }
        return applied
    }
}
