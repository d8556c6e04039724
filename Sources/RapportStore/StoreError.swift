/// A store that cannot be opened or used, with what the operator should do about it.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "store \(path): \(message)" }
}
