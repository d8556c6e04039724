/// Customer data that makes campaigns pass customers by unnoticed — no message and, for most, no
/// ledger row saying why — found by `rapport check --data` so the operator can fix it at the
/// source and re-import.
public struct DataFinding: Sendable, Equatable {
    public enum Problem: String, Sendable, CaseIterable {
        case placeholderBirthday = "placeholder_birthday"
        case missingBirthday = "missing_birthday"
        case missingRenewalDate = "missing_renewal_date"
        /// Inactivity campaigns without `from_signup` count only from a last activity.
        case missingActivity = "missing_activity"
        /// Inactivity campaigns with `from_signup` fall back to the signup, and need one of the two.
        case missingActivityAndSignup = "missing_activity_and_signup"
        case unknownTimeZone = "unknown_time_zone"
        case invalidEmail = "invalid_email"
        /// No address for any of a campaign's channels: an email-only customer of a Zalo and SMS
        /// campaign, a phone-only one of an email campaign.
        case unreachable = "unreachable"

        /// A few words naming the problem, for a table row.
        public var label: String {
            switch self {
            case .placeholderBirthday: "placeholder birthday"
            case .missingBirthday: "no birthday"
            case .missingRenewalDate: "no renewal date"
            case .missingActivity: "no last activity"
            case .missingActivityAndSignup: "no last activity or signup"
            case .unknownTimeZone: "time zone not IANA"
            case .invalidEmail: "email does not parse"
            case .unreachable: "no address for its channels"
            }
        }

        /// What campaigns do with such a customer.
        public var consequence: String {
            switch self {
            case .placeholderBirthday: "birthday campaigns ignore it"
            case .missingBirthday, .missingRenewalDate, .missingActivity, .missingActivityAndSignup:
                "passed by"
            case .unknownTimeZone: "timed in the config's time_zone instead"
            case .invalidEmail: "every message skipped"
            case .unreachable: "skipped by that campaign"
            }
        }
    }

    /// One affected customer and the value at fault, when there is one to show.
    public struct Sample: Sendable, Equatable {
        public var customerID: String
        public var value: String?

        public init(customerID: String, value: String? = nil) {
            self.customerID = customerID
            self.value = value
        }
    }

    public var problem: Problem
    /// How many customers have the problem.
    public var count: Int
    /// The first few of them, in the order they were inspected (the store's: by id).
    public var samples: [Sample]
    /// The campaigns that pass these customers by; nil when it concerns every campaign.
    public var campaignIDs: [String]?

    public init(problem: Problem, count: Int = 0, samples: [Sample] = [], campaignIDs: [String]? = nil) {
        self.problem = problem
        self.count = count
        self.samples = samples
        self.campaignIDs = campaignIDs
    }
}
