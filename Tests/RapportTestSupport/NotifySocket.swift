import Foundation

/// The datagram socket systemd listens on for sd_notify messages (`$NOTIFY_SOCKET`), played by
/// the test: a thread of its own receives each datagram and notes when it came, so a busy test
/// process cannot blur the daemon's timing.
public final class NotifySocket: @unchecked Sendable {
    public struct Datagram: Sendable {
        public var fields: [String]
        public var receivedAt: ContinuousClock.Instant
    }

    public let path: String
    private let descriptor: Int32
    private let inbox = Inbox()

    /// What the receiving thread has collected; apart from the socket so that thread never keeps
    /// the socket object alive.
    private final class Inbox: @unchecked Sendable {
        let lock = NSLock()
        var received: [Datagram] = []
        var closed = false
    }

    public init() throws {
        // sun_path holds 108 bytes: a short name, not the temp folder's long one.
        path = "/tmp/rapport-notify-\(UInt32.random(in: .min ... .max)).sock"
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard descriptor >= 0, bound == 0 else {
            throw LoopbackSocket.SocketError(description: "bind \(path): errno \(errno)")
        }
        // A receive timeout, so the thread sees the socket closed within a fifth of a second.
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        Thread.detachNewThread { [descriptor, inbox] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !inbox.lock.withLock({ inbox.closed }) {
                let count = recv(descriptor, &buffer, buffer.count, 0)
                guard count >= 0 else { continue }
                let text = String(decoding: buffer[..<count], as: UTF8.self)
                let datagram = Datagram(fields: text.split(separator: "\n").map(String.init), receivedAt: .now)
                inbox.lock.withLock { inbox.received.append(datagram) }
            }
            close(descriptor)
        }
    }

    public var datagrams: [Datagram] { inbox.lock.withLock { inbox.received } }

    /// Every field received so far, in order.
    public var fields: [String] { datagrams.flatMap(\.fields) }

    /// Waits until a datagram after the first `skipping` ones holds `field`; false after `limit`.
    public func wait(for field: String, after skipping: Int = 0, within limit: Duration) async throws -> Bool {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < limit {
            if datagrams.dropFirst(skipping).contains(where: { $0.fields.contains(field) }) { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    deinit {
        inbox.lock.withLock { inbox.closed = true }
        unlink(path)
    }
}
