public import Foundation

/// One retention campaign as written in `campaigns/<id>.yml`: who gets what, when, and how.
public struct Campaign: Sendable {
    public var id: String
    public var description: String?
    public var category: MessageCategory
    /// Name of a transport in the daemon config: the first channel's.
    public var transport: String
    /// The ways to reach a customer, in order; `transport:` alone makes one.
    public var channels: [CampaignChannel]
    public var trigger: Trigger
    public var audience: Audience
    public var message: CampaignMessage
    /// Overrides the config's send window for this campaign.
    public var sendWindow: SendWindow?
    /// When a frequency cap leaves room for fewer messages than are due, higher goes first.
    public var priority = 0
    /// How long a capped message may wait for room before it expires.
    public var maxDelay = TimeSpan(seconds: 7 * 86_400)
    /// Open and click tracking of the HTML part; off unless the campaign file turns it on.
    public var tracking = MessageTracking()
    /// A control group not messaged, to measure the campaign against; nil: everyone is messaged.
    public var holdout: Holdout?
    /// The event that counts as the campaign working, for the report.
    public var goal: CampaignGoal?
    /// The file the campaign came from, for messages to the operator.
    public var sourceFile: String
    /// Where its `transport:` is written, so `check` points at a transport the config lacks.
    public var transportLocation: SourceLocation?

    public init(
        id: String, description: String? = nil, category: MessageCategory, transport: String, trigger: Trigger,
        audience: Audience = Audience(), message: CampaignMessage, sourceFile: String
    ) {
        self.id = id
        self.description = description
        self.category = category
        self.transport = transport
        self.channels = [CampaignChannel(transport: transport)]
        self.trigger = trigger
        self.audience = audience
        self.message = message
        self.sourceFile = sourceFile
    }
}

extension Campaign {
    /// Template fields any campaign may use when the daemon config has a `links:` section.
    public static let linkFields: Set<String> = ["unsubscribe_url"]

    /// Where a template first names a field that only exists when links are configured.
    public var firstLinkField: SourceLocation? {
        let messages = [message] + ownMessages + channelMessages
        for template in messages.flatMap(\.allTemplates) {
            if let reference = template.fields.first(where: { Self.linkFields.contains($0.name) }) {
                return template.location.advanced(toLine: reference.line, column: reference.column)
            }
        }
        return nil
    }

    /// Channels' own messages, checked like the campaign's.
    private var channelMessages: [CampaignMessage] { channels.compactMap(\.message) }

    /// Welcome steps' and renewal offsets' own messages.
    private var ownMessages: [CampaignMessage] {
        switch trigger {
        case .welcome(let welcome): welcome.steps.compactMap(\.message)
        case .renewal(let renewal): renewal.messages.keys.sorted().compactMap { renewal.messages[$0] }
        default: []
        }
    }

    /// The templates for an occurrence: a welcome step's or a renewal offset's own, else the
    /// campaign's.
    public func templates(for occurrence: OccurrenceKey) -> CampaignMessage {
        switch trigger {
        case .welcome(let welcome): welcome.step(occurrence)?.message ?? message
        case .renewal(let renewal): RenewalTrigger.offset(of: occurrence).flatMap { renewal.messages[$0] } ?? message
        default: message
        }
    }

    /// Event kinds that end this campaign's drip for a customer (welcome `exit`).
    public var exitEvents: [String] {
        if case .welcome(let welcome) = trigger { return welcome.exitEvents }
        return []
    }

    /// An exit event skips this occurrence: a drip step after the first, or the first with
    /// `exit: { first_step: true }`.
    public func exitEnds(_ occurrence: OccurrenceKey) -> Bool {
        if case .welcome(let welcome) = trigger { return welcome.exitEnds(occurrence) }
        return false
    }

    /// No occurrence of this campaign is open for less than this: evaluations closer together
    /// than it cannot miss one, so only a longer pause is searched for missed occurrences.
    public var shortestSpan: TimeInterval {
        switch trigger {
        case .welcome(let welcome): welcome.shortestSpan
        case .birthday(let birthday): birthday.shortestSpan
        case .renewal(let renewal): renewal.shortestSpan
        case .inactivity(let inactivity): inactivity.shortestSpan
        case .nps(let rule), .event(let rule): rule.shortestSpan
        }
    }
}

/// Unsubscribe preferences are per category; transactional mail goes to unsubscribed customers too.
public enum MessageCategory: String, Sendable, CaseIterable {
    case marketing
    case transactional
    case survey
}

extension Campaign {
    /// Higher priority first, then by id, so a tick's order is stable.
    public static func byPriority(_ lhs: Campaign, _ rhs: Campaign) -> Bool {
        lhs.priority != rhs.priority ? lhs.priority > rhs.priority : lhs.id < rhs.id
    }
}
