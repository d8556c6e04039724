import Synchronization

/// A value the daemon replaces whole on a reload (SIGHUP) while the services that read it keep
/// running: each reads it afresh at the top of its loop, so a new value takes effect at the next
/// tick or request, and work already under way finishes with the value it started with.
public final class Reloadable<Value: Sendable>: Sendable {
    private let current: Mutex<Value>

    public init(_ value: Value) {
        current = Mutex(value)
    }

    public var value: Value { current.withLock { $0 } }

    public func replace(with value: Value) {
        current.withLock { $0 = value }
    }
}

/// Printed and dumped as the value it holds, so a value that redacts its secrets (API tokens,
/// a signing key) stays redacted inside one, as in a ServiceGroup error naming the service.
extension Reloadable: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "\(value)" }
    public var debugDescription: String { String(reflecting: value) }
    public var customMirror: Mirror { Mirror(self, children: ["value": value]) }
}
