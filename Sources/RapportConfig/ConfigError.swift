public import RapportCore

/// A problem in a config or campaign file, located so the operator can go straight to it.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    /// The dotted key, e.g. `trigger.delay`; empty for a file-level problem.
    public var field: String
    public var message: String

    public init(at location: SourceLocation, field: String, message: String) {
        self.location = location
        self.field = field
        self.message = message
    }

    public init(_ templateError: TemplateError, field: String) {
        self.init(at: templateError.location, field: field, message: templateError.message)
    }

    public var description: String {
        field.isEmpty ? "\(location): \(message)" : "\(location): \(field): \(message)"
    }
}

/// Every problem found in a set of files, so `rapport check` reports them all at once.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigError]

    public init(_ errors: [ConfigError]) {
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
