import Foundation
import RapportCore
import RapportDaemon
import Testing

@Suite struct TransportThrottleTests {
    /// Counts messages in the transport's hands at once.
    actor Gauge {
        var current = 0
        var highest = 0
        func enter() {
            current += 1
            highest = max(highest, current)
        }
        func leave() { current -= 1 }
    }

    @Test func workersTogetherStayWithinTheRateAndTheConnections() async {
        let throttle = TransportThrottle(TransportLimits(messagesPerSecond: 40, connections: 2))
        let gauge = Gauge()
        let clock = ContinuousClock()
        let start = clock.now
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<5 {
                        await throttle.acquire()
                        await gauge.enter()
                        try? await Task.sleep(for: .milliseconds(60))
                        await gauge.leave()
                        await throttle.release()
                    }
                }
            }
        }
        // 20 messages at 40 per second: the last may start no earlier than 19/40 s after the first.
        #expect(clock.now - start >= .milliseconds(475))
        #expect(await gauge.highest <= 2)
        #expect(await gauge.highest == 2, "two connections are used when four workers wait")
    }
}
