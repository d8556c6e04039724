/// What a preview's dry-run delivery reads from the store as a delivery worker would.
public protocol PreviewLookups {
    /// Why `address` is suppressed, everywhere or on `transport` only; nil when it is not.
    func suppression(of address: String, on transport: String) throws -> String?
    /// The event an event-driven occurrence follows, for `{{event.…}}`; nil for any other.
    func triggeringEvent(of occurrence: OccurrenceKey) throws -> CustomerEvent?
}
