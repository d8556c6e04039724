import Foundation
import Metrics
import Prometheus

/// The daemon's counters in Prometheus text format for `GET /metrics`, recorded through
/// swift-metrics against a registry of our own (not the process-wide bootstrap), so every daemon
/// and every test has its own figures.
public final class DaemonMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory

    public init() {
        factory = PrometheusMetricsFactory(registry: registry)
    }

    /// A message's final or intermediate outcome: sent, retrying, failed, suppressed, skipped.
    public func recordDelivery(campaign: String, outcome: String) {
        Counter(
            label: "rapport_messages_total", dimensions: [("campaign", campaign), ("outcome", outcome)],
            factory: factory
        )
        .increment()
        if outcome == "retrying" {
            Counter(label: "rapport_retries_total", dimensions: [("campaign", campaign)], factory: factory).increment()
        }
    }

    public func recordTick(duration: Duration) {
        Metrics.Timer(label: "rapport_tick_duration_seconds", factory: factory).recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    public func recordIngest(status: Int) {
        Counter(label: "rapport_ingest_requests_total", dimensions: [("status", String(status))], factory: factory)
            .increment()
    }

    public func setQueueDepth(_ depth: Int) {
        Gauge(label: "rapport_queue_depth", factory: factory).record(depth)
    }

    /// Everything recorded so far, in the Prometheus text exposition format.
    public func exposition() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
