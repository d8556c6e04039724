import Foundation
import RapportCore
import RapportStore
import RapportTestSupport
import Testing

/// The HTTP service under connections that never finish a request, and on a port it cannot have.
@Suite struct HTTPConnectionLimitsEndToEndTests {
    @Test func aThousandIdleOrHalfSentConnectionsNeitherStallHealthzNorTheTicksAndAreClosedAfterTheIdleTimeout()
        async throws
    {
        try await withSMTPServer { smtp in
            let setup = try Deployment(smtpURL: smtp.url, campaignFiles: Deployment.immediateWelcome(), tick: "1s")
            defer { setup.cleanUp() }
            let port = try LoopbackSocket(listening: false).port
            try setup.appendToConfig(
                """
                server: { listen: "127.0.0.1:\(port)", api_tokens_file: keys/api-tokens, idle_timeout: 4s }
                """)
            let daemon = try DaemonProcess(setup.cli, log: setup.directory.appendingPathComponent("daemon.log"))
            defer { if daemon.isRunning { daemon.send(SIGKILL) } }
            let healthz = "http://127.0.0.1:\(port)/healthz"
            #expect(await LoopbackHTTP.wait(for: 200, at: healthz, within: .seconds(90)), "\(daemon.logText)")

            // Half say nothing; half send a request head they never finish.
            let clients = try StalledClients(port: port, count: 1000) { index in
                index.isMultiple(of: 2) ? nil : "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
            }
            let ticksBefore = daemon.logText.components(separatedBy: "tick done").count
            // Five probes one after another; the median is what a monitor sees, the test pool's
            // own hiccups on a loaded machine aside.
            var answers: [(status: Int?, took: Duration)] = []
            for _ in 0..<5 { answers.append(await Self.timedStatus(healthz)) }
            let times = answers.map(\.took).sorted()
            #expect(answers.allSatisfy { $0.status == 200 }, "\(answers)")
            #expect(times[2] < .seconds(1), "healthz took \(times) beside 1,000 stalled connections")
            try await setup.importSignedUpCustomer("L1")
            #expect(
                try await waitFor(within: .seconds(30)) { try smtp.messages().count == 1 },
                "a tick sends while the connections are held")
            #expect(daemon.logText.components(separatedBy: "tick done").count > ticksBefore)

            // Past idle_timeout the server has closed them: the header-read clock ran out too.
            #expect(
                try await waitFor(within: .seconds(30)) { clients.closedByServer() == 1000 },
                "\(clients.closedByServer()) of 1000 closed")
            daemon.send(SIGTERM)
            #expect(try await daemon.waitForExit(within: .seconds(30)))
            #expect(daemon.terminationStatus == 0)
        }
    }

    @Test func aPortInUseStopsTheDaemonWithTheAddressBeforeAnythingIsSent() async throws {
        try await withSMTPServer { smtp in
            let setup = try Deployment(smtpURL: smtp.url, campaignFiles: Deployment.immediateWelcome(), tick: "1s")
            defer { setup.cleanUp() }
            let taken = try LoopbackSocket(listening: true)
            try setup.appendToConfig(
                #"server: { listen: "127.0.0.1:\#(taken.port)", api_tokens_file: keys/api-tokens }"#)
            try await setup.importSignedUpCustomer("P1")
            let daemon = try DaemonProcess(setup.cli, log: setup.directory.appendingPathComponent("daemon.log"))
            defer { if daemon.isRunning { daemon.send(SIGKILL) } }
            #expect(try await daemon.waitForExit(within: .seconds(60)), "\(daemon.logText)")
            #expect(daemon.terminationStatus == 1)
            #expect(
                daemon.logText.contains("cannot listen on 127.0.0.1:\(taken.port): Address already in use"),
                "\(daemon.logText)")
            #expect(try smtp.messages().isEmpty)
            let store = try Store(path: setup.storePath, access: .readOnly)
            #expect(try store.ledger(LedgerFilter()).isEmpty, "nothing was even queued")
        }
    }

    /// One GET timed on a thread of its own, so the test pool's delays do not count.
    static func timedStatus(_ url: String) async -> (status: Int?, took: Duration) {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let start = ContinuousClock.now
                let status = LoopbackHTTP.statusBlocking(url)
                continuation.resume(returning: (status, ContinuousClock.now - start))
            }
        }
    }
}

/// TCP connections to a loopback port that never complete a request.
final class StalledClients {
    private var descriptors: [Int32] = []

    init(port: Int, count: Int, sending: (Int) -> String?) throws {
        for index in 0..<count {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard descriptor >= 0, connected == 0 else {
                throw RapportCLI.CLIError(description: "connection \(index): errno \(errno)")
            }
            descriptors.append(descriptor)
            if let text = sending(index) {
                _ = text.withCString { send(descriptor, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
            }
        }
    }

    /// How many the server has closed: a read that returns end of file (or a reset).
    func closedByServer() -> Int {
        var buffer = [UInt8](repeating: 0, count: 512)
        return descriptors.filter { descriptor in
            let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            return count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
        }.count
    }

    deinit {
        for descriptor in descriptors { close(descriptor) }
    }
}
