import Foundation
import RapportCore
import RapportStore
import RapportTestSupport

/// `rapport run` as systemd runs it, with its log (standard error) in a file the test reads.
///
/// Timing is taken where it happens, not when a busy test process gets round to looking: after a
/// signal, a thread of its own watches the kernel's view of the process for the instant it dies
/// (Foundation's termination handler, the fallback, runs on a shared queue and can come late), and
/// `signal(_:whenSent:within:)` watches the log and sends the signal from a thread of its own.
final class DaemonProcess: @unchecked Sendable {
    let log: URL
    private let process = Process()
    private let lock = NSLock()
    private var exitedAt: ContinuousClock.Instant?
    private var signalledAt: ContinuousClock.Instant?
    private var watchingForDeath = false
    /// How far the log has been read, the start of a line not yet complete, and the customers
    /// whose message this run recorded as sent.
    private var offset: UInt64 = 0
    private var partial = Data()
    private var sent: Set<String> = []

    /// `environment` is added to the test's own, e.g. `NOTIFY_SOCKET` as systemd sets it. With
    /// `logAsJournal`, the log file plays the journal's stream: `JOURNAL_STREAM` names it.
    init(
        _ cli: RapportCLI, arguments: [String] = ["run"], log: URL, environment: [String: String] = [:],
        logAsJournal: Bool = false
    ) throws {
        self.log = log
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = try RapportCLI.executable()
        process.arguments = ["--config", cli.config] + arguments
        let standardError = try FileHandle(forWritingTo: log)
        var environment = environment
        var status = stat()
        if logAsJournal, fstat(standardError.fileDescriptor, &status) == 0 {
            environment["JOURNAL_STREAM"] = "\(status.st_dev):\(status.st_ino)"
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = standardError
        process.terminationHandler = { [weak self] _ in
            let now = ContinuousClock.now
            self?.noteExit(at: now)
        }
        try process.run()
    }

    var isRunning: Bool { process.isRunning }
    /// -1 while it still runs (a wait that timed out): Foundation traps when asked before the exit.
    var terminationStatus: Int32 { process.isRunning ? -1 : process.terminationStatus }
    /// nil while it still runs.
    var terminationReason: Process.TerminationReason? { process.isRunning ? nil : process.terminationReason }

    /// When the last signal was sent.
    var lastSignal: ContinuousClock.Instant? { lock.withLock { signalledAt } }

    /// From the last signal sent to the exit; nil while it runs.
    var stopDuration: Duration? {
        lock.withLock { exitedAt.flatMap { exited in signalledAt.map { exited - $0 } } }
    }

    func send(_ signal: Int32) {
        let startWatching = lock.withLock {
            signalledAt = ContinuousClock.now
            defer { watchingForDeath = true }
            return !watchingForDeath
        }
        kill(process.processIdentifier, signal)
        if startWatching { Thread.detachNewThread { self.watchForDeath() } }
    }

    /// The earlier of the two sightings of the exit counts.
    private func noteExit(at instant: ContinuousClock.Instant) {
        lock.withLock { exitedAt = min(exitedAt ?? instant, instant) }
    }

    /// Polls `/proc/<pid>/stat` until the process is a zombie (dead, not yet reaped) or gone.
    private func watchForDeath() {
        let stat = "/proc/\(process.processIdentifier)/stat"
        let start = ContinuousClock.now
        while ContinuousClock.now - start < .seconds(600) {
            guard let text = try? String(contentsOfFile: stat, encoding: .utf8),
                let state = text.split(separator: ")").last?.split(separator: " ").first, state != "Z"
            else {
                noteExit(at: ContinuousClock.now)
                return
            }
            usleep(2_000)
        }
    }

    /// Waits for the process to exit (and its termination handler to note when); false if it
    /// still runs after `limit`.
    func waitForExit(within limit: Duration) async throws -> Bool {
        let start = ContinuousClock.now
        while process.isRunning || lock.withLock({ exitedAt == nil }) {
            guard ContinuousClock.now - start < limit else { return false }
            try await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// The customers whose message this run's log records as sent (logged after the ledger write).
    var sentCustomers: Set<String> {
        _ = try? readLog()
        return lock.withLock { sent }
    }

    /// Watches the log until `condition` holds for the customers this run sent to, then sends
    /// `signal` at once (nil: none). Returns false when the process exited or `limit` passed first.
    func signal(_ signal: Int32?, whenSent condition: @escaping @Sendable (Set<String>) -> Bool, within limit: Duration)
        async -> Bool
    {
        await self.signal(
            signal,
            when: {
                _ = try? self.readLog()
                return condition(self.lock.withLock { self.sent })
            }, every: .milliseconds(2), within: limit)
    }

    /// Checks `condition` every `pause` on a thread of its own until it holds, then sends `signal`
    /// at once (nil: none). Returns false when the process exited or `limit` passed first.
    func signal(
        _ signal: Int32?, when condition: @escaping @Sendable () -> Bool, every pause: Duration, within limit: Duration
    ) async -> Bool {
        let interval = pause / .seconds(1)
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let start = ContinuousClock.now
                while ContinuousClock.now - start < limit {
                    if condition() {
                        if let signal { self.send(signal) }
                        continuation.resume(returning: true)
                        return
                    }
                    if !self.process.isRunning { break }
                    Thread.sleep(forTimeInterval: interval)
                }
                continuation.resume(returning: false)
            }
        }
    }

    private func readLog() throws {
        let handle = try FileHandle(forReadingFrom: log)
        defer { try? handle.close() }
        try lock.withLock {
            try handle.seek(toOffset: offset)
            let chunk = try handle.readToEnd() ?? Data()
            offset += UInt64(chunk.count)
            partial.append(chunk)
            guard let end = partial.lastIndex(of: UInt8(ascii: "\n")) else { return }
            let lines = String(decoding: partial[..<end], as: UTF8.self).split(separator: "\n")
            partial = Data(partial[(end + 1)...])
            for line in lines where line.hasSuffix("] sent") {
                if let range = line.range(of: " customer=") {
                    sent.insert(String(line[range.upperBound...].prefix { $0 != " " }))
                }
            }
        }
    }

    /// The whole log so far, for failure messages and the resend warnings.
    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// The Message-IDs of the resends the Courier warned about (a worker stopped mid-send).
    static func resentMessageIDs(in log: String) -> [String] {
        log.split(separator: "\n").filter { $0.contains("sending again after a worker stopped mid-send") }.compactMap {
            line in
            guard let start = line.range(of: "message_id=<") else { return nil }
            let rest = line[start.upperBound...]
            return rest.firstIndex(of: ">").map { "<" + rest[..<$0] + ">" }
        }
    }
}

/// One ledger row as `rapport log --json` prints it.
struct LedgerRow: Decodable {
    var customerID: String
    var status: String
    var messageID: String?
    var attempts: Int

    enum CodingKeys: String, CodingKey {
        case customerID = "customer_id", status, messageID = "message_id", attempts
    }
}

extension RapportCLI {
    /// The whole ledger, through the command an operator would use.
    func ledger() async throws -> [LedgerRow] {
        let outcome = try await run(["log", "--json", "--limit", "1000000"])
        guard outcome.status == 0 else { throw CLIError(description: "rapport log failed: \(outcome)") }
        return try outcome.stdout.split(separator: "\n").map {
            try JSONDecoder().decode(LedgerRow.self, from: Data($0.utf8))
        }
    }
}

/// A running daemon with its HTTP service, and what a client needs to call the ingest API.
struct RunningAPI {
    let daemon: DaemonProcess
    /// `http://127.0.0.1:PORT`.
    let base: String
    /// The default client's bearer token (from the file the daemon made) and the JSON content type.
    let headers: [String: String]
}

extension Deployment {
    /// Adds an HTTP service on a free loopback port to the config, starts the daemon and waits
    /// until it answers `/healthz`. The caller stops the daemon.
    func startWithAPI() async throws -> RunningAPI {
        let port = try LoopbackSocket(listening: false).port
        try appendToConfig(#"server: { listen: "127.0.0.1:\#(port)", api_tokens_file: keys/api-tokens }"#)
        let daemon = try DaemonProcess(cli, log: directory.appendingPathComponent("daemon.log"))
        let base = "http://127.0.0.1:\(port)"
        guard await LoopbackHTTP.wait(for: 200, at: "\(base)/healthz", within: .seconds(90)) else {
            daemon.send(SIGKILL)
            throw RapportCLI.CLIError(description: "the daemon did not serve /healthz: \(daemon.logText)")
        }
        let tokens = try String(contentsOf: directory.appendingPathComponent("keys/api-tokens"), encoding: .utf8)
        guard
            let token = tokens.split(separator: "\n").first(where: { $0.hasPrefix("default ") })?.split(separator: " ")[
                1]
        else { throw RapportCLI.CLIError(description: "no default token in keys/api-tokens") }
        return RunningAPI(
            daemon: daemon, base: base,
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"])
    }

    /// Sends `daemon` SIGTERM the moment the ledger holds nothing left to send (none queued,
    /// retrying or sending); false when that did not come within `limit`. The daemons' logs cannot
    /// tell: a kill between the ledger's `sent` and the log line leaves a send no log mentions.
    func stopWhenDrained(_ daemon: DaemonProcess, within limit: Duration) async throws -> Bool {
        let store = try Store(path: storePath, access: .readOnly)
        return await daemon.signal(
            SIGTERM,
            when: {
                (try? store.queueDepth()) == 0
                    && (try? store.ledger(LedgerFilter(status: .sending, limit: 1)).isEmpty) == true
            }, every: .milliseconds(100), within: limit)
    }

    /// A welcome campaign due at once for `count` customers who signed up an hour ago (real time,
    /// as the daemon runs without --now so leases run out), imported into the store.
    func importWelcomeCustomers(_ count: Int) async throws -> [String] {
        let hourAgo = Date().addingTimeInterval(-3600)
        let formatter = ISO8601DateFormatter()
        let emails = (0..<count).map { String(format: "c%05d@example.vn", $0) }
        var csv = "id,email,first_name,signed_up_at\n"
        for (index, email) in emails.enumerated() {
            csv += String(format: "C%05d,%@,Khách %d,%@\n", index, email, index, formatter.string(from: hourAgo))
        }
        let file = directory.appendingPathComponent("welcome-customers.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        let imported = try await cli.run(["import", "customers", file.path])
        guard imported.status == 0 else { throw RapportCLI.CLIError(description: "import failed: \(imported)") }
        return emails
    }

    /// Campaign files for `importWelcomeCustomers`: the welcome, sent as soon as it is due.
    static func immediateWelcome() -> [String: String] {
        let since = Date().addingTimeInterval(-2 * 86_400).formatted(
            .iso8601.year().month().day().dateSeparator(.dash))
        return [
            "welcome.yml": """
            id: welcome
            category: transactional
            transport: default
            trigger: { kind: welcome, delay: 0s, since: \(since) }
            message: { subject: "Chào {{first_name}}", text: "Chào {{first_name}}, cảm ơn bạn đã đăng ký." }
            """
        ]
    }
}

extension SMTPTestServer.ReceivedMessage {
    /// The Message-ID header, read from the raw message: what tells a resend from a new message.
    var messageID: String? {
        let text = String(decoding: content, as: UTF8.self)
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: false) {
            if line.isEmpty { return nil }
            if line.lowercased().hasPrefix("message-id:") {
                return line.dropFirst("message-id:".count).trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}
