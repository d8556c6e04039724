public import RapportCore

/// Holds workers back so one transport gets at most `messagesPerSecond` messages and
/// `connections` at once, shared by all workers. Paced on real time even when a tick simulates
/// another `--now`: the provider's limits are in real seconds.
public actor TransportThrottle {
    let limits: TransportLimits
    private let clock = ContinuousClock()
    private var nextStart: ContinuousClock.Instant
    private var inFlight = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(_ limits: TransportLimits) {
        self.limits = limits
        nextStart = clock.now
    }

    /// Waits for a connection slot and the next start the rate allows; pair with `release()`.
    public func acquire() async {
        if let connections = limits.connections, inFlight >= connections {
            // `release()` hands its slot straight to the first waiter, so no newcomer can take it
            // in between.
            await withCheckedContinuation { waiting.append($0) }
        } else {
            inFlight += 1
        }
        guard let rate = limits.messagesPerSecond, rate > 0 else { return }
        let start = max(nextStart, clock.now)
        nextStart = start.advanced(by: .seconds(1 / rate))
        try? await clock.sleep(until: start, tolerance: nil)
    }

    public func release() {
        if waiting.isEmpty {
            inFlight -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
