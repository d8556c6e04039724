public import Foundation

/// Decides, from facts and the time, which customers a campaign messages now. No I/O: the
/// daemon feeds it candidates from the store and acts on the decisions; `rapport preview`
/// prints the same decisions instead.
public struct CampaignEvaluator: Sendable {
    public var campaign: Campaign
    public var sender: SenderIdentity
    public var defaultZone: TimeZone

    public init(campaign: Campaign, sender: SenderIdentity, defaultZone: TimeZone) {
        self.campaign = campaign
        self.sender = sender
        self.defaultZone = defaultZone
    }

    /// One decision per candidate that is due at `now`; candidates not due, outside the
    /// audience or unsubscribed are left out.
    public func decisions(for candidates: [Customer], at now: Date) -> [Decision] {
        candidates.compactMap { customer in
            guard isEligible(customer), let occurrence = occurrence(for: customer, at: now) else { return nil }
            return decision(for: customer, occurrence: occurrence, at: now)
        }
    }

    func isEligible(_ customer: Customer) -> Bool {
        (customer.subscription == .subscribed || campaign.category == .transactional)
            && campaign.audience.includes(customer)
    }

    func occurrence(for customer: Customer, at now: Date) -> OccurrenceKey? {
        switch campaign.trigger {
        case .welcome(let welcome): welcome.occurrence(for: customer, at: now, defaultZone: defaultZone)
        case .birthday(let birthday): birthday.occurrence(for: customer, at: now, defaultZone: defaultZone)
        case .renewal(let renewal):
            renewal.occurrence(
                for: customer, at: now, defaultZone: defaultZone, renewalRecordedAt: customer.renewalRecordedAt)
        case .inactivity(let inactivity): inactivity.occurrence(for: customer, at: now)
        }
    }

    func decision(for customer: Customer, occurrence: OccurrenceKey, at now: Date) -> Decision {
        func skip(_ reason: String) -> Decision {
            .skip(campaignID: campaign.id, customerID: customer.id, occurrence: occurrence, reason: reason)
        }
        let address: EmailAddress
        do {
            address = try EmailAddress(customer.email)
        } catch {
            return skip(error.description)
        }
        let content = campaign.message.content(for: customer.locale)
        let values = TemplateValues(customer: customer)
        let subject: String, text: String, html: String?
        do {
            subject = try content.subject.render(values).singleLine
            text = try content.text.render(values)
            html = try content.html?.render(values)
        } catch {
            return skip(error.description)
        }
        let message = OutgoingMessage(
            from: sender.from, to: Mailbox(displayName: customer.fullName?.singleLine, address: address),
            replyTo: sender.replyTo,
            subject: subject, text: text, html: html, date: now, dateTimeZone: defaultZone,
            messageID: MessageID(
                occurrence: occurrence, campaign: campaign.id, customer: customer.id, domain: sender.messageIDDomain))
        return .send(
            Delivery(campaignID: campaign.id, customerID: customer.id, occurrence: occurrence, message: message))
    }
}
