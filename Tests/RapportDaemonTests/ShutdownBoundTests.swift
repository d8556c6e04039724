import Logging
import RapportDaemon
import ServiceLifecycle
import Synchronization
import Testing

/// A stop request shuts the service group down gracefully; past the bound the daemon gives up
/// on it.
@Suite struct ShutdownBoundTests {
    /// Stops when asked to, like the scheduler and the delivery workers.
    struct Obliging: Service {
        func run() async throws { try await gracefulShutdown() }
    }

    /// Ignores graceful shutdown, like a worker whose transport holds a message past the bound;
    /// stops only when cancelled.
    struct Stuck: Service {
        func run() async throws {
            try await Task.sleep(for: .seconds(3600))
        }
    }

    final class Expiries: Sendable {
        let count = Mutex(0)
    }

    func run(_ service: some Service, bound: Duration) async throws -> (expiries: Int, took: Duration) {
        let (requests, requester) = AsyncStream.makeStream(of: String.self)
        let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
        let expiries = Expiries()
        let started = ContinuousClock.now
        requester.yield("SIGTERM")
        try await ShutdownBound(timeout: bound, clock: ContinuousClock()).run(
            group, stoppingOn: requests, logger: Logger(label: "test")
        ) {
            expiries.count.withLock { $0 += 1 }
        }
        return (expiries.count.withLock { $0 }, ContinuousClock.now - started)
    }

    /// Returns at once, not after the hour: the bound is no fixed pause.
    @Test func aGroupThatStopsWithinTheBoundFinishesWithoutExpiring() async throws {
        let (expiries, _) = try await run(Obliging(), bound: .seconds(3600))
        #expect(expiries == 0)
    }

    @Test func aGroupStillRunningAtTheBoundExpires() async throws {
        let (expiries, took) = try await run(Stuck(), bound: .milliseconds(200))
        #expect(expiries == 1)
        #expect(took >= .milliseconds(200))
    }
}
