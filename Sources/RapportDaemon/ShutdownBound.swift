public import Logging
public import ServiceLifecycle

/// Runs the daemon's service group until a stop request (SIGTERM or SIGINT), then shuts it down
/// gracefully — within a bound.
///
/// A graceful shutdown waits for each worker's message in flight, and a transport may hold one
/// as long as its own timeout allows (10 minutes for SMTP by default), so the wait is bounded:
/// when the group has not finished `timeout` after the request, `expired` runs, and the daemon
/// exits without it. Each message then still in a transport's hands stays `sending` in the
/// ledger and is sent again (same Message-ID) when its lease runs out; the claims not yet
/// handed over were given back to the queue when the shutdown began.
public struct ShutdownBound<C: Clock>: Sendable where C.Duration == Duration {
    public var timeout: Duration
    public var clock: C
    /// Told `STOPPING=1` when the stop request arrives, so `systemctl status` says why it is busy.
    public var notifier = ServiceNotifier(environment: [:])

    public init(timeout: Duration, clock: C) {
        self.timeout = timeout
        self.clock = clock
    }

    private enum Ending: Sendable {
        case finished
        case noMoreRequests
        case boundReached
    }

    /// Runs `group` until it finishes: after the first of `requests`, gracefully, or past the
    /// bound through `expired` (which the daemon makes exit the process; should it return, the
    /// group is cancelled).
    public func run<Requests: AsyncSequence & Sendable>(
        _ group: ServiceGroup, stoppingOn requests: Requests, logger: Logger,
        expired: @escaping @Sendable () async -> Void
    ) async throws where Requests.Element: Sendable, Requests.Failure == Never {
        let timeout = timeout
        let clock = clock
        let notifier = notifier
        try await withThrowingTaskGroup(of: Ending.self) { tasks in
            tasks.addTask {
                try await group.run()
                return .finished
            }
            tasks.addTask {
                for await request in requests {
                    notifier.stopping()
                    logger.info(
                        "stopping: no new claims, the messages in flight may finish",
                        metadata: ["signal": "\(request)", "bound": "\(timeout)"])
                    await group.triggerGracefulShutdown()
                    do {
                        try await clock.sleep(for: timeout)
                    } catch {
                        return .finished
                    }
                    logger.error(
                        "shutdown bound reached: exiting before the services finished; a message still in a transport's hands stays 'sending' and is sent again when its lease runs out",
                        metadata: ["bound": "\(timeout)"])
                    await expired()
                    return .boundReached
                }
                return .noMoreRequests
            }
            while let ending = try await tasks.next() {
                guard ending != .noMoreRequests else { continue }
                tasks.cancelAll()
                return
            }
        }
    }
}
