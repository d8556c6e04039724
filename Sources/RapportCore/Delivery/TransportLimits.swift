/// How hard Rapport may push one transport, whatever the number of workers: providers throttle
/// or block senders that exceed their rate or open too many connections.
public struct TransportLimits: Sendable, Equatable {
    /// Messages handed over per second, across all workers; nil: no limit.
    public var messagesPerSecond: Double?
    /// Messages in the transport's hands at once, across all workers; nil: one per worker.
    public var connections: Int?

    public init(messagesPerSecond: Double? = nil, connections: Int? = nil) {
        self.messagesPerSecond = messagesPerSecond
        self.connections = connections
    }
}
