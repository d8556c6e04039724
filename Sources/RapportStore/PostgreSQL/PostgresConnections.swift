import Dispatch
internal import Logging
internal import NIOCore
internal import NIOPosix
internal import PostgresNIO
import Synchronization

/// A few open connections to the database, lent one at a time to a transaction; a caller
/// waits (on its own thread) while all are lent. A connection the server closed is dropped and
/// a new one opened on next use.
final class PostgresConnections: Sendable {
    private let configuration: PostgresConnection.Configuration
    let logger: Logger
    private let idle = Mutex<[PostgresConnection]>([])
    private let nextID = Atomic<Int>(1)
    private let slots: DispatchSemaphore

    init(configuration: PostgresConnection.Configuration, size: Int, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        slots = DispatchSemaphore(value: size)
    }

    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        slots.wait()
        defer { slots.signal() }
        let connection = try idle.withLock { $0.popLast() } ?? open()
        defer {
            if connection.isClosed {
                try? connection.close().wait()
            } else {
                idle.withLock { $0.append(connection) }
            }
        }
        return try body(connection)
    }

    private func open() throws -> PostgresConnection {
        try PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
            id: nextID.add(1, ordering: .relaxed).oldValue, logger: logger
        ).wait()
    }

    /// Closes every connection when the store is let go (all are idle by then: a lent one
    /// holds the store). PostgresNIO requires a connection closed before it is released.
    deinit {
        for connection in idle.withLock({ $0 }) {
            try? connection.close().wait()
        }
    }
}
