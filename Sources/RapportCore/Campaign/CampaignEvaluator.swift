public import Foundation

/// Decides, from facts and the time, which customers a campaign messages now. No I/O: the
/// daemon feeds it candidates from the store and acts on the decisions; `rapport preview`
/// prints the same decisions instead.
public struct CampaignEvaluator: Sendable {
    public var campaign: Campaign
    public var sender: SenderIdentity
    public var defaultZone: TimeZone
    /// Needed by campaigns whose messages carry signed links (NPS surveys).
    public var links: LinkSettings?
    /// The config's send window; a campaign's own overrides it.
    public var defaultWindow: SendWindow?

    public init(
        campaign: Campaign, sender: SenderIdentity, defaultZone: TimeZone, links: LinkSettings? = nil,
        defaultWindow: SendWindow? = nil
    ) {
        self.campaign = campaign
        self.sender = sender
        self.defaultZone = defaultZone
        self.links = links
        self.defaultWindow = defaultWindow
    }

    /// One decision per candidate that is due at `now`; candidates not due, outside the
    /// audience or unsubscribed are left out.
    public func decisions(for candidates: [Customer], at now: Date) -> [Decision] {
        candidates.compactMap { customer in
            guard isEligible(customer), let occurrence = occurrence(for: customer, at: now) else { return nil }
            return decision(for: customer, occurrence: occurrence, at: now)
        }
    }

    /// Subscribed (or the campaign is transactional) and in the audience.
    public func isEligible(_ customer: Customer) -> Bool {
        customer.accepts(campaign.category) && campaign.audience.includes(customer)
    }

    func occurrence(for customer: Customer, at now: Date) -> OccurrenceKey? {
        switch campaign.trigger {
        case .welcome(let welcome): welcome.occurrence(for: customer, at: now, defaultZone: defaultZone)
        case .birthday(let birthday): birthday.occurrence(for: customer, at: now, defaultZone: defaultZone)
        case .renewal(let renewal):
            renewal.occurrence(
                for: customer, at: now, defaultZone: defaultZone, renewalRecordedAt: customer.renewalRecordedAt)
        case .inactivity(let inactivity): inactivity.occurrence(for: customer, at: now)
        case .nps: nil  // Surveys follow interactions: see `decisions(forInteractions:)`.
        }
    }

    /// Survey decisions for interactions: one per due interaction, except that a customer
    /// surveyed within the cooldown (`lastSurveyed`, or earlier in this same batch) is skipped with
    /// the reason, so the operator sees why no survey went out.
    public func decisions(
        forInteractions interactions: [(customer: Customer, interaction: Interaction)], lastSurveyed: [String: Date],
        at now: Date
    ) -> [Decision] {
        guard case .nps(let nps) = campaign.trigger else { return [] }
        var surveyed = lastSurveyed
        var decisions: [Decision] = []
        for (customer, interaction) in interactions.sorted(by: { $0.interaction.occurredAt < $1.interaction.occurredAt }
        ) {
            guard isEligible(customer), nps.isDue(interaction, at: now) else { continue }
            let occurrence = NPSTrigger.occurrence(of: interaction)
            if let last = surveyed[customer.id], last.addingTimeInterval(nps.cooldown.timeInterval) > now {
                decisions.append(
                    .skip(
                        campaignID: campaign.id, customerID: customer.id, occurrence: occurrence,
                        reason: "cooldown: surveyed at \(Timestamp.format(last)), next survey after \(nps.cooldown)"))
                continue
            }
            decisions.append(decision(for: customer, occurrence: occurrence, at: now))
            surveyed[customer.id] = now
        }
        return decisions
    }

    /// What the template may show: the customer, plus survey links for an NPS campaign.
    func values(for customer: Customer, occurrence: OccurrenceKey, at now: Date) -> TemplateValues? {
        guard case .nps = campaign.trigger else { return TemplateValues(customer: customer) }
        guard let links else { return nil }
        let urls = links.npsLinks(customerID: customer.id, campaignID: campaign.id, occurrence: occurrence, at: now)
        var extra: [String: String] = [:]
        for (score, url) in urls.enumerated() { extra["nps_url_\(score)"] = url }
        return TemplateValues(
            customer: customer, extra: extra,
            lists: ["nps_links": urls.enumerated().map { ["score": String($0.offset), "url": $0.element] }])
    }

    /// The message for an occurrence that is already known to be due: a new one, or one that was
    /// deferred and whose time has come. Deferred again if the send window is still closed.
    public func decision(for customer: Customer, occurrence: OccurrenceKey, at now: Date) -> Decision {
        func skip(_ reason: String) -> Decision {
            .skip(campaignID: campaign.id, customerID: customer.id, occurrence: occurrence, reason: reason)
        }
        guard let values = values(for: customer, occurrence: occurrence, at: now) else {
            return skip("no links: section in the config to build survey links")
        }
        let address: EmailAddress
        do {
            address = try EmailAddress(customer.email)
        } catch {
            return skip(error.description)
        }
        let content = campaign.message.content(for: customer.locale)
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
        let delivery = Delivery(
            campaignID: campaign.id, customerID: customer.id, occurrence: occurrence, message: message)
        let zone = customer.timeZone.flatMap(TimeZone.init(identifier:)) ?? defaultZone
        if let window = campaign.sendWindow ?? defaultWindow, !window.isOpen(at: now, in: zone) {
            let opening = window.nextOpening(after: now, in: zone)
            return .deferral(
                delivery, until: opening,
                reason: "outside the send window \(window) \(zone.identifier); deferred to \(Timestamp.format(opening))"
            )
        }
        return .send(delivery)
    }
}
