public import Foundation

/// The latest event since signup of a kind that ends a customer's welcome drip (a purchase).
public struct ExitEvent: Sendable, Equatable {
    public var kind: String
    public var occurredAt: Date

    public init(kind: String, occurredAt: Date) {
        self.kind = kind
        self.occurredAt = occurredAt
    }
}
