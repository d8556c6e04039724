import Foundation
import Hummingbird
import RapportCore
import RapportStore

/// For monitoring: `/healthz` for a load balancer or systemd watchdog script, `/metrics` for
/// Prometheus. Neither needs a token; neither shows customer data.
struct OperationsRoutes: Sendable {
    var store: Store
    var metrics: DaemonMetrics
    var heartbeat: TickHeartbeat
    var wallClock: any WallClock
    var startedAt: Date

    private struct Health: Encodable {
        var status: String
        var last_tick: String?
        var problems: [String]
    }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in
            let now = wallClock.now
            var problems: [String] = []
            if await (try? store.inBackground { $0.isReachable() }) != true {
                problems.append("the store at \(store.path) does not answer")
            }
            if !heartbeat.isTicking(at: now, startedAt: startedAt) {
                let since = heartbeat.lastTick.map(Timestamp.format) ?? "never since the start"
                problems.append(
                    "the scheduler has not ticked within 3 intervals of \(Int(heartbeat.interval)) s (last: \(since))")
            }
            return Reply.json(
                problems.isEmpty ? .ok : .serviceUnavailable,
                Health(
                    status: problems.isEmpty ? "ok" : "unhealthy", last_tick: heartbeat.lastTick.map(Timestamp.format),
                    problems: problems))
        }
        router.get("/metrics") { _, _ in
            if let depth = try? await store.inBackground({ store throws(StoreError) in try store.queueDepth() }) {
                metrics.setQueueDepth(depth)
            }
            return Reply.text(.ok, metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }
}
