/// What a reload (SIGHUP) changes, by config key: most keys take effect at the next tick; the
/// store, the signing key and the HTTP service's address are held by running parts and need a
/// restart, so the operator is told rather than left guessing.
public struct ConfigChanges: Sendable, Equatable {
    public var applied: [String] = []
    public var needRestart: [String] = []

    public var isEmpty: Bool { applied.isEmpty && needRestart.isEmpty }
}

extension DaemonConfig {
    /// The keys whose values differ in `new`; secrets are compared, never shown.
    public func changes(to new: DaemonConfig) -> ConfigChanges {
        var changes = ConfigChanges()
        func note(_ key: String, _ changed: Bool, restart: Bool = false) {
            guard changed else { return }
            if restart { changes.needRestart.append(key) } else { changes.applied.append(key) }
        }
        note("store", store != new.store, restart: true)
        note("tick", tickInterval != new.tickInterval)
        note("time_zone", defaultTimeZone != new.defaultTimeZone)
        note("sender", sender != new.sender)
        for name in Set(transports.keys).union(new.transports.keys).sorted() {
            note(
                "transports.\(name)",
                transports[name] != new.transports[name] || transportLimits[name] != new.transportLimits[name])
        }
        note("campaigns", campaignsDirectory != new.campaignsDirectory)
        note("send_window", sendWindow != new.sendWindow)
        note("frequency_cap", frequencyCap != new.frequencyCap)
        note("delivery.workers", delivery.workers != new.delivery.workers)
        note("delivery.lease", delivery.lease != new.delivery.lease)
        note("delivery.retry", delivery.retry != new.delivery.retry)
        note("delivery.shutdown_timeout", delivery.shutdownTimeout != new.delivery.shutdownTimeout, restart: true)
        note("links", links != new.links, restart: true)
        note("server.api_tokens_file", server?.tokens != new.server?.tokens)
        note(
            "server",
            server?.host != new.server?.host || server?.port != new.server?.port
                || server?.maximumBodyBytes != new.server?.maximumBodyBytes
                || server?.connections != new.server?.connections,
            restart: true)
        return changes
    }
}
