public import Foundation

/// Tells systemd how the daemon is doing, over the datagram socket `$NOTIFY_SOCKET` names
/// (sd_notify(3)'s protocol, spoken directly: one `KEY=value` line per field in one datagram).
///
/// With `Type=notify` the unit counts as started only after `READY=1`, so `systemctl start`
/// returns once the store is open, the campaigns are checked and the HTTP port is bound — and
/// fails if any of those does. `WATCHDOG=1` comes from the scheduler's own loop, so a scheduler
/// stuck for longer than `WatchdogSec=` gets the service restarted. Outside systemd (no socket
/// named) every call does nothing.
public struct ServiceNotifier: Sendable {
    let socketPath: String?
    /// How often the watchdog wants `WATCHDOG=1`: half of `$WATCHDOG_USEC`, as sd_watchdog_enabled(3)
    /// advises; nil when no watchdog is set for this process.
    public let watchdogInterval: Duration?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        let forThisProcess = environment["WATCHDOG_PID"].map { Int32($0) == getpid() } ?? true
        if let microseconds = environment["WATCHDOG_USEC"].flatMap(Int64.init), microseconds > 0, forThisProcess {
            watchdogInterval = .microseconds(microseconds / 2)
        } else {
            watchdogInterval = nil
        }
    }

    public func ready(status: String? = nil) {
        send(["READY=1"] + (status.map { ["STATUS=\($0)"] } ?? []))
    }

    /// Before re-reading the config; `ready` follows when the reload is over, applied or not.
    public func reloading() {
        send(["RELOADING=1", "MONOTONIC_USEC=\(Self.monotonicMicroseconds())", "STATUS=reloading"])
    }

    public func stopping() {
        send(["STOPPING=1", "STATUS=stopping: finishing the messages in flight"])
    }

    /// One line for `systemctl status`.
    public func status(_ text: String) {
        send(["STATUS=\(text)"])
    }

    public func watchdog() {
        send(["WATCHDOG=1"])
    }

    private func send(_ fields: [String]) {
        guard let socketPath else { return }
        var path = Array(socketPath.utf8)
        // A leading '@' names a socket in the abstract namespace: a NUL byte, and no NUL at the end.
        let abstract = path.first == UInt8(ascii: "@")
        if abstract { path[0] = 0 }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        guard path.count < MemoryLayout.size(ofValue: address.sun_path) else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count + (abstract ? 0 : 1))
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let message = Array(fields.joined(separator: "\n").utf8)
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                message.withUnsafeBytes { bytes in
                    sendto(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), socketAddress, length)
                }
            }
        }
    }

    private static func monotonicMicroseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
    }
}
