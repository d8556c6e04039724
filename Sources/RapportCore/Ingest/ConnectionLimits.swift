/// How the HTTP service treats connections that do not make progress: without these, a
/// thousand clients that connect and say nothing (or send half a request) would hold a file
/// descriptor each for ever, and the next one — `/healthz`, a customer's unsubscribe — would
/// not be accepted once the process runs out.
public struct ConnectionLimits: Sendable, Equatable {
    /// Also the header-read timeout: the clock runs from the connection's opening, or from the
    /// previous response, until a whole request head (request line and headers) has arrived, so
    /// a client that connects and says nothing, or trickles its headers a byte at a time, is
    /// closed after this long either way.
    public var idleTimeout = TimeSpan(seconds: 30)
    /// Connections open at once; past it new ones wait in the kernel's queue until one closes.
    public var maximum = 4096

    public init() {}
}
