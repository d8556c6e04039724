/// When a campaign fires for a customer.
public enum Trigger: Sendable {
    case welcome(WelcomeTrigger)
    case birthday(BirthdayTrigger)
    case renewal(RenewalTrigger)
    case inactivity(InactivityTrigger)
    /// A survey after an interaction, carrying the signed score links.
    case nps(EventTrigger)
    /// Any message after an event, such as a follow-up to a survey answer.
    case event(EventTrigger)

    /// The kind as written in campaign files.
    public var kind: String {
        switch self {
        case .welcome: "welcome"
        case .birthday: "birthday"
        case .renewal: "renewal"
        case .inactivity: "inactivity"
        case .nps: "nps"
        case .event: "event"
        }
    }

    /// The rule of a trigger that follows events rather than customers' dates.
    public var eventRule: EventTrigger? {
        switch self {
        case .nps(let rule), .event(let rule): rule
        case .welcome, .birthday, .renewal, .inactivity: nil
        }
    }
}
