import Foundation

/// Looks at customers one at a time for data that makes campaigns pass them by, keeping only
/// counts and the first few ids, so a store of millions is checked in constant memory.
///
/// A missing birthday, renewal date or activity counts only for customers a campaign that needs
/// it would otherwise reach (subscribed to its category and in its audience), and only when such
/// a campaign exists; placeholder birthdays, unknown time zones and unusable emails always count.
public struct DataQualityScan: Sendable {
    public typealias Problem = DataFinding.Problem

    /// How many customers were inspected.
    public private(set) var customerCount = 0
    private let sampleLimit: Int
    /// The campaigns each missing field makes pass a customer by.
    private let campaignsNeeding: [Problem: [Campaign]]
    private var findings: [Problem: DataFinding] = [:]
    private var zoneIsKnown: [String: Bool] = [:]

    public init(campaigns: [Campaign], sampleLimit: Int = 10) {
        self.sampleLimit = sampleLimit
        var needing: [Problem: [Campaign]] = [:]
        for campaign in campaigns {
            switch campaign.trigger {
            case .birthday: needing[.missingBirthday, default: []].append(campaign)
            case .renewal: needing[.missingRenewalDate, default: []].append(campaign)
            case .inactivity(let inactivity):
                needing[inactivity.fromSignup ? .missingActivityAndSignup : .missingActivity, default: []].append(
                    campaign)
            case .welcome, .nps, .event: break
            }
        }
        campaignsNeeding = needing
    }

    public mutating func inspect(_ customer: Customer) {
        customerCount += 1
        if let birthday = customer.birthday, BirthdayTrigger.isPlaceholder(birthday) {
            record(
                .placeholderBirthday, customer, value: birthday.description,
                campaigns: campaignsNeeding[.missingBirthday] ?? [])
        }
        if customer.birthday == nil { recordIfReached(.missingBirthday, customer) }
        if customer.renewalDate == nil { recordIfReached(.missingRenewalDate, customer) }
        if customer.lastActiveAt == nil {
            recordIfReached(.missingActivity, customer)
            if customer.signedUpAt == nil { recordIfReached(.missingActivityAndSignup, customer) }
        }
        if let zone = customer.timeZone, !isKnown(zone) {
            record(.unknownTimeZone, customer, value: zone, campaigns: nil)
        }
        if (try? EmailAddress(customer.email)) == nil {
            record(.invalidEmail, customer, value: customer.email, campaigns: nil)
        }
    }

    /// What was found, in the order of `Problem.allCases`; problems no customer has are left out.
    public var results: [DataFinding] { Problem.allCases.compactMap { findings[$0] } }

    private mutating func recordIfReached(_ problem: Problem, _ customer: Customer) {
        let campaigns = campaignsNeeding[problem] ?? []
        // The same eligibility as `CampaignEvaluator.isEligible`: only these would have been messaged.
        guard campaigns.contains(where: { customer.accepts($0.category) && $0.audience.includes(customer) }) else {
            return
        }
        record(problem, customer, value: nil, campaigns: campaigns)
    }

    private mutating func record(_ problem: Problem, _ customer: Customer, value: String?, campaigns: [Campaign]?) {
        var finding =
            findings[problem] ?? DataFinding(problem: problem, campaignIDs: campaigns.map { $0.map(\.id).sorted() })
        finding.count += 1
        if finding.samples.count < sampleLimit {
            finding.samples.append(.init(customerID: customer.id, value: value))
        }
        findings[problem] = finding
    }

    /// Zones are few and repeat across customers: each is looked up once.
    private mutating func isKnown(_ zone: String) -> Bool {
        if let known = zoneIsKnown[zone] { return known }
        let known = TimeZone(identifier: zone) != nil
        zoneIsKnown[zone] = known
        return known
    }
}
