public import Foundation

/// Greets a customer after signup: one message `delay` later, or a drip of `steps` (day 0, day 3,
/// day 7), each its own occurrence. Customers who signed up before `since` never get it, so
/// adding a welcome campaign does not mail the whole historical base.
public struct WelcomeTrigger: Sendable {
    /// One message of the drip. The first step's key is `signup`; a later one's names its delay
    /// (`signup+3d`), so changing a later step's delay makes it a new step.
    public struct Step: Sendable {
        public var delay: TimeSpan
        /// This step's own templates; nil uses the campaign's message.
        public var message: CampaignMessage?
        public fileprivate(set) var key = WelcomeTrigger.occurrence

        public init(delay: TimeSpan, message: CampaignMessage? = nil) {
            self.delay = delay
            self.message = message
        }
    }

    /// In delay order.
    public private(set) var steps: [Step]
    public var since: LocalDate
    /// Event kinds (e.g. `purchase`) that end the drip: once one happened after signup, the
    /// remaining steps after the first are skipped with the reason.
    public var exitEvents: [String]
    /// An exit event skips the first step too (`exit: { first_step: true }`). Off by default: a
    /// shop that creates accounts at checkout has a purchase before every welcome, and the
    /// welcome is still wanted; the drip's later steps are what a purchase makes pointless.
    public var exitEndsFirstStep: Bool

    /// The first step's occurrence: the signup itself.
    public static let occurrence = OccurrenceKey(rawValue: "signup")

    public init(delay: TimeSpan, since: LocalDate) {
        self.init(steps: [Step(delay: delay)], since: since)
    }

    /// `steps` must not be empty; they are sorted by delay.
    public init(steps: [Step], since: LocalDate, exitEvents: [String] = [], exitEndsFirstStep: Bool = false) {
        self.steps = steps.sorted { $0.delay < $1.delay }.enumerated().map { index, step in
            var step = step
            step.key = index == 0 ? Self.occurrence : OccurrenceKey(rawValue: "signup+\(step.delay)")
            return step
        }
        self.since = since
        self.exitEvents = exitEvents
        self.exitEndsFirstStep = exitEndsFirstStep
    }

    /// An exit event skips this step: every step after the first, and the first too when
    /// `exitEndsFirstStep`.
    public func exitEnds(_ key: OccurrenceKey) -> Bool { key != Self.occurrence || exitEndsFirstStep }

    /// The first instant that counts as "on or after `since`", in the daemon's default zone.
    public func earliestSignup(in zone: TimeZone) -> Date { since.start(in: zone) }

    /// The customer's steps: each open from its delay after signup until the next step is due; the
    /// last stays open, so a welcome is sent late rather than never.
    public func occurrences(for customer: Customer, defaultZone: TimeZone) -> [Occurrence] {
        guard let signedUpAt = customer.signedUpAt, signedUpAt >= earliestSignup(in: defaultZone) else { return [] }
        let dues = steps.map { signedUpAt.addingTimeInterval($0.delay.timeInterval) }
        return steps.indices.map { index in
            Occurrence(
                key: steps[index].key, due: dues[index],
                closes: index + 1 < dues.count ? dues[index + 1] : .distantFuture
            )
        }
    }

    /// The step due at `now` for this customer, or nil if none is due.
    public func occurrence(for customer: Customer, at now: Date, defaultZone: TimeZone) -> OccurrenceKey? {
        occurrences(for: customer, defaultZone: defaultZone).open(at: now)?.key
    }

    /// No step is open for less than the gap to the next one, so a shorter pause cannot miss one.
    public var shortestSpan: TimeInterval {
        zip(steps, steps.dropFirst()).map { $1.delay.timeInterval - $0.delay.timeInterval }.min() ?? .infinity
    }

    /// The step an occurrence key names.
    public func step(_ key: OccurrenceKey) -> Step? { steps.first { $0.key == key } }

    /// For each step, the signups whose step can be open or missed between `start` and `end`.
    public func candidateSignups(from start: Date, to end: Date, in zone: TimeZone) -> [(Step, ClosedRange<Date>)] {
        let earliest = earliestSignup(in: zone)
        return steps.indices.compactMap { index in
            let latest = max(start, end).addingTimeInterval(-steps[index].delay.timeInterval)
            let from =
                index + 1 < steps.count
                ? max(earliest, start.addingTimeInterval(-steps[index + 1].delay.timeInterval)) : earliest
            return from <= latest ? (steps[index], from...latest) : nil
        }
    }
}
