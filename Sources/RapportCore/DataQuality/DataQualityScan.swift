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
    /// Each campaign with the address kinds its channels send to.
    private let channelAddresses: [(campaign: Campaign, kinds: Set<AddressKind>)]
    /// Per campaign id: customers it would message but cannot reach.
    private var unreachable: [String: DataFinding] = [:]

    /// `addressKinds`: which address each transport sends to (email unless named).
    public init(campaigns: [Campaign], addressKinds: [String: AddressKind] = [:], sampleLimit: Int = 10) {
        self.sampleLimit = sampleLimit
        channelAddresses = campaigns.map { campaign in
            (campaign, Set(campaign.channels.map { addressKinds[$0.transport] ?? .email }))
        }
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
        if let email = customer.email, (try? EmailAddress(email)) == nil {
            record(.invalidEmail, customer, value: email, campaigns: nil)
        }
        for (campaign, kinds) in channelAddresses
        where customer.accepts(campaign.category) && campaign.audience.includes(customer) {
            let reachable =
                (kinds.contains(.email) && customer.email != nil) || (kinds.contains(.phone) && customer.phone != nil)
            guard !reachable else { continue }
            var finding = unreachable[campaign.id] ?? DataFinding(problem: .unreachable, campaignIDs: [campaign.id])
            finding.count += 1
            if finding.samples.count < sampleLimit {
                finding.samples.append(.init(customerID: customer.id, value: customer.email ?? customer.phone))
            }
            unreachable[campaign.id] = finding
        }
    }

    /// What was found, in the order of `Problem.allCases` (unreachable customers per campaign, by
    /// campaign id); problems no customer has are left out.
    public var results: [DataFinding] {
        Problem.allCases.compactMap { findings[$0] } + unreachable.keys.sorted().compactMap { unreachable[$0] }
    }

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
