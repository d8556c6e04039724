/// When a campaign fires for a customer.
public enum Trigger: Sendable {
    case welcome(WelcomeTrigger)
    case birthday(BirthdayTrigger)
    case renewal(RenewalTrigger)
    case inactivity(InactivityTrigger)
    case nps(NPSTrigger)

    /// The kind as written in campaign files.
    public var kind: String {
        switch self {
        case .welcome: "welcome"
        case .birthday: "birthday"
        case .renewal: "renewal"
        case .inactivity: "inactivity"
        case .nps: "nps"
        }
    }
}
