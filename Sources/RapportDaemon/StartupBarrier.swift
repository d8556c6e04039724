/// Holds the scheduler back until the HTTP service has bound its port: a port already in use
/// then stops the daemon before its first evaluation, so nothing is sent by a daemon that is
/// about to exit.
public struct StartupBarrier: Sendable {
    private let opened: AsyncStream<Never>
    private let continuation: AsyncStream<Never>.Continuation

    public init() {
        (opened, continuation) = AsyncStream.makeStream()
    }

    public func open() {
        continuation.finish()
    }

    /// Returns once `open()` was called, or when the task is cancelled (the daemon is stopping).
    /// One waiter only.
    public func wait() async {
        for await _ in opened {}
    }
}
