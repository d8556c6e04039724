public import Foundation

/// One firing of a trigger for one customer and the time it may be sent in: from `due` until
/// `closes`. A tick that runs inside the span sends it; one whose previous run was before `due`
/// and that itself runs after `closes` knows that no tick saw it, and records it as missed.
public struct Occurrence: Sendable, Equatable {
    public var key: OccurrenceKey
    public var due: Date
    /// The first instant it is no longer sent: the end of its local day, or the next step's due time.
    public var closes: Date

    public init(key: OccurrenceKey, due: Date, closes: Date) {
        self.key = key
        self.due = due
        self.closes = closes
    }

    public func isOpen(at now: Date) -> Bool { due <= now && now < closes }

    /// Its whole span fell after `previous` evaluation and before `now`: no evaluation could see it.
    public func wasMissed(after previous: Date, before now: Date) -> Bool { previous < due && closes <= now }
}

extension [Occurrence] {
    /// The occurrence that may be sent at `now`: the latest one open, so a customer is never sent an
    /// earlier step once a later one is due.
    func open(at now: Date) -> Occurrence? { last { $0.isOpen(at: now) } }
}
