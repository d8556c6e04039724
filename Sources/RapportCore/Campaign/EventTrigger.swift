public import Foundation

/// Messages a customer `delay` after an event of one of `kinds`, at most once per `cooldown` per
/// customer: an NPS survey after an interaction (a closed support ticket, a delivered order), or
/// a follow-up after a survey answer (`nps_answer`) — an apology to a detractor, a referral ask
/// to a promoter, picked by the campaign's audience on `nps_category`.
public struct EventTrigger: Sendable, Equatable {
    /// Event kinds that count as interactions.
    public var kinds: [String]
    public var delay: TimeSpan
    public var cooldown: TimeSpan

    /// An interaction is surveyed within this long after its delay has passed; older ones are
    /// left alone, so a new survey campaign does not ask about last year's tickets.
    public static let window: TimeInterval = 86_400

    /// Template fields a survey may use besides customer data: the eleven score links as a
    /// list (`{{#nps_links}}<a href="{{url}}">{{score}}</a>{{/nps_links}}`) or one by one.
    public static let surveyFields: Set<String> = Set(
        ["nps_links", "score", "url"] + (0...10).map { "nps_url_\($0)" })

    /// Template fields of the event a message follows (`TemplateValues`), in event and NPS
    /// campaigns: `{{event.id}}`, `{{event.properties.amount}}`, …
    public static let eventFields: Set<String> = ["event.id", "event.kind", "event.occurred_at", "event.properties.*"]

    public init(kinds: [String], delay: TimeSpan, cooldown: TimeSpan) {
        self.kinds = kinds
        self.delay = delay
        self.cooldown = cooldown
    }

    /// The occurrence for one interaction: its event, so each interaction is asked about once.
    public static func key(of interaction: Interaction) -> OccurrenceKey {
        OccurrenceKey(rawValue: "interaction:\(interaction.eventID)")
    }

    /// The store id of the event an occurrence of `key(of:)` follows; nil for any other key.
    public static func eventID(of occurrence: OccurrenceKey) -> Int64? {
        guard occurrence.rawValue.hasPrefix("interaction:") else { return nil }
        return Int64(occurrence.rawValue.dropFirst("interaction:".count))
    }

    /// The survey for one interaction: due `delay` after it, open for `window`.
    public func occurrence(of interaction: Interaction) -> Occurrence {
        let due = interaction.occurredAt.addingTimeInterval(delay.timeInterval)
        return Occurrence(key: Self.key(of: interaction), due: due, closes: due.addingTimeInterval(Self.window))
    }

    /// Whether the interaction's survey is due at `now`.
    public func isDue(_ interaction: Interaction, at now: Date) -> Bool { occurrence(of: interaction).isOpen(at: now) }

    /// No survey is open for less than this, so a pause shorter than it cannot have missed one.
    public var shortestSpan: TimeInterval { Self.window }

    /// Interactions whose survey can be open or missed between `start` and `end`: those that
    /// happened in this range.
    public func candidateRange(from start: Date, to end: Date) -> ClosedRange<Date> {
        start.addingTimeInterval(
            -delay.timeInterval - Self.window)...max(start, end).addingTimeInterval(
                -delay.timeInterval)
    }
}

/// One interaction event with its customer, as the NPS trigger sees it.
public struct Interaction: Sendable, Equatable {
    public var eventID: Int64
    public var kind: String
    public var occurredAt: Date

    public init(eventID: Int64, kind: String, occurredAt: Date) {
        self.eventID = eventID
        self.kind = kind
        self.occurredAt = occurredAt
    }
}
