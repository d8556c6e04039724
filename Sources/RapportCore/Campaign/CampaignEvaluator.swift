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
    /// Which address each transport sends to, by transport name; a transport not named here
    /// sends email.
    public var addressKinds: [String: AddressKind] = [:]
    /// The language of campaigns' default messages (the config's `language`), for `{{#date}}`
    /// and `{{#money}}` there; a locale variant formats in its own language.
    public var defaultLanguage = DisplayLanguage.en

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
    /// audience or unsubscribed are left out. A welcome step that the customer's exit event in
    /// `exits` ends is skipped with the event as the reason.
    public func decisions(for candidates: [Customer], at now: Date, exits: [String: ExitEvent] = [:]) -> [Decision] {
        candidates.compactMap { customer in
            guard isEligible(customer), let occurrence = occurrence(for: customer, at: now) else { return nil }
            return decision(for: customer, occurrence: occurrence, at: now, exit: exits[customer.id])
        }
    }

    /// Subscribed (or the campaign is transactional) and in the audience.
    public func isEligible(_ customer: Customer) -> Bool {
        customer.accepts(campaign.category) && campaign.audience.includes(customer)
    }

    /// The occurrence open at `now` for this customer, ignoring eligibility.
    public func occurrence(for customer: Customer, at now: Date) -> OccurrenceKey? {
        switch campaign.trigger {
        case .welcome(let welcome): welcome.occurrence(for: customer, at: now, defaultZone: defaultZone)
        case .birthday(let birthday): birthday.occurrence(for: customer, at: now, defaultZone: defaultZone)
        case .renewal(let renewal): renewal.occurrence(for: customer, at: now, defaultZone: defaultZone)
        case .inactivity(let inactivity): inactivity.occurrence(for: customer, at: now)
        case .nps, .event: nil  // These follow events: see `decisions(forInteractions:)`.
        }
    }

    /// The customer's occurrences that can fall between `start` and `end`.
    public func occurrences(for customer: Customer, from start: Date, to end: Date) -> [Occurrence] {
        switch campaign.trigger {
        case .welcome(let welcome): welcome.occurrences(for: customer, defaultZone: defaultZone)
        case .birthday(let birthday):
            birthday.occurrences(
                for: customer, inYears: birthday.years(from: start, to: end, of: customer, defaultZone: defaultZone),
                defaultZone: defaultZone)
        case .renewal(let renewal):
            renewal.occurrences(for: customer, defaultZone: defaultZone, around: min(start, end)...max(start, end))
        case .inactivity(let inactivity): inactivity.occurrences(for: customer)
        case .nps, .event: []
        }
    }

    /// Expiries for the candidates' occurrences that were due and closed again between the
    /// `previous` evaluation and `now`, so no evaluation saw them: the daemon was stopped or
    /// the clock jumped. Recording them keeps a pause from losing messages silently.
    public func missedDecisions(for candidates: [Customer], after previous: Date, before now: Date) -> [Decision] {
        candidates.flatMap { customer -> [Decision] in
            guard isEligible(customer) else { return [] }
            return occurrences(for: customer, from: previous, to: now).filter {
                $0.wasMissed(after: previous, before: now)
            }.map { missed($0, customerID: customer.id, previous: previous) }
        }
    }

    /// Expiries for surveys whose whole span fell between the `previous` evaluation and `now`.
    public func missedDecisions(
        forInteractions interactions: [(customer: Customer, interaction: Interaction)], after previous: Date,
        before now: Date
    ) -> [Decision] {
        guard let rule = campaign.trigger.eventRule else { return [] }
        return interactions.compactMap { customer, interaction in
            let occurrence = rule.occurrence(of: interaction)
            guard isEligible(customer), occurrence.wasMissed(after: previous, before: now) else { return nil }
            return missed(occurrence, customerID: customer.id, previous: previous)
        }
    }

    private func missed(_ occurrence: Occurrence, customerID: String, previous: Date) -> Decision {
        Decision(
            campaignID: campaign.id, customerID: customerID, occurrence: occurrence.key,
            action: .expiry(
                reason:
                    "missed: due \(Timestamp.format(occurrence.due)) until \(Timestamp.format(occurrence.closes)), but no evaluation ran between \(Timestamp.format(previous)) and then (daemon stopped or clock jumped)"
            ))
    }

    /// Survey decisions for interactions: one per due interaction, except that a customer with a
    /// message of this campaign within the cooldown — sent, on its way or deferred (`lastSurveyed`),
    /// or due earlier in this same batch — is skipped with the reason, so the operator sees why no
    /// survey went out.
    public func decisions(
        forInteractions interactions: [(customer: Customer, interaction: Interaction)],
        lastSurveyed: [String: CooldownMark], at now: Date
    ) -> [Decision] {
        guard let rule = campaign.trigger.eventRule else { return [] }
        let (verb, noun) = if case .nps = campaign.trigger { ("surveyed", "survey") } else { ("messaged", "message") }
        var surveyed = lastSurveyed
        var decisions: [Decision] = []
        for (customer, interaction) in interactions.sorted(by: { $0.interaction.occurredAt < $1.interaction.occurredAt }
        ) {
            guard isEligible(customer), rule.isDue(interaction, at: now) else { continue }
            let occurrence = EventTrigger.key(of: interaction)
            if let last = surveyed[customer.id], last.at.addingTimeInterval(rule.cooldown.timeInterval) > now {
                decisions.append(
                    Decision(
                        campaignID: campaign.id, customerID: customer.id, occurrence: occurrence,
                        action: .skip(
                            reason: "cooldown: \(last.describe(noun, verb: verb)), next \(noun) after \(rule.cooldown)"
                        )))
                continue
            }
            let decision = decision(for: customer, occurrence: occurrence, at: now)
            decisions.append(decision)
            if case .deferral(let until, _) = decision.action {
                surveyed[customer.id] = CooldownMark(at: now, status: .deferred, notBefore: until)
            } else {
                surveyed[customer.id] = CooldownMark(at: now, status: .queued)
            }
        }
        return decisions
    }

    /// What the template may show: the customer, the unsubscribe link (`unsubscribeURL`, when
    /// links are configured), a renewal's days left or overdue, a birthday's age, the triggering
    /// `event` of an event-driven message, plus survey links for an NPS campaign (which cannot be
    /// built without links).
    func values(
        for customer: Customer, occurrence: OccurrenceKey, unsubscribeURL: String?, event: CustomerEvent?,
        formatting: ValueFormatting, at now: Date
    ) -> TemplateValues? {
        var extra: [String: String] = [:]
        if let unsubscribeURL { extra["unsubscribe_url"] = unsubscribeURL }
        switch campaign.trigger {
        case .renewal: extra.merge(RenewalTrigger.values(for: occurrence)) { $1 }
        case .birthday: extra.merge(BirthdayTrigger.values(for: occurrence, birthday: customer.birthday)) { $1 }
        default: break
        }
        guard case .nps = campaign.trigger else {
            return TemplateValues(customer: customer, extra: extra, event: event, formatting: formatting)
        }
        guard let links else { return nil }
        let urls = links.npsLinks(customerID: customer.id, campaignID: campaign.id, occurrence: occurrence, at: now)
        for (score, url) in urls.enumerated() { extra["nps_url_\(score)"] = url }
        return TemplateValues(
            customer: customer, extra: extra,
            lists: ["nps_links": urls.enumerated().map { ["score": String($0.offset), "url": $0.element] }],
            event: event, formatting: formatting)
    }

    /// RFC 8058 one-click unsubscribe for marketing and survey mail, so mail readers can offer
    /// an unsubscribe button that works without opening a page. Transactional mail has none.
    func unsubscribeHeaders(_ unsubscribeURL: String?) -> [(name: String, value: String)] {
        guard let unsubscribeURL, campaign.category != .transactional else { return [] }
        return [("List-Unsubscribe", "<\(unsubscribeURL)>"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]
    }

    /// The decision for an occurrence that is already known to be due: a new one, or one that
    /// was deferred and whose time has come. Deferred again if the send window is still closed;
    /// a welcome step the `exit` event ends (`Campaign.exitEnds`) is skipped instead.
    public func decision(for customer: Customer, occurrence: OccurrenceKey, at now: Date, exit: ExitEvent? = nil)
        -> Decision
    {
        let decision = Decision(campaignID: campaign.id, customerID: customer.id, occurrence: occurrence, action: .send)
        if let exit, campaign.exitEnds(occurrence) {
            return decision.with(
                .skip(reason: "exit: \(exit.kind) at \(Timestamp.format(exit.occurredAt)) ended the welcome drip"))
        }
        if let holdout = campaign.holdout, holdout.contains(customerID: customer.id, campaignID: campaign.id) {
            return decision.with(.holdout)
        }
        let zone = customer.zone(default: defaultZone)
        // The opening is the customer's local moment: written with their offset, it is read so.
        if let window = campaign.sendWindow ?? defaultWindow, !window.isOpen(at: now, in: zone) {
            let opening = window.nextOpening(after: now, in: zone)
            return decision.with(
                .deferral(
                    until: opening,
                    reason:
                        "outside the send window \(window) \(zone.identifier); deferred to \(Timestamp.format(opening, in: zone))"
                ))
        }
        return decision
    }

    /// Why a due occurrence cannot become a message for this customer.
    public struct Unsendable: Error, Sendable, Equatable {
        public var reason: String
    }

    /// The rendered message for a due occurrence by one of the campaign's channels (the first by
    /// default), at the moment it is sent (or previewed): the customer's current data, in their
    /// language. A customer without an address for the channel, a bad address, or a field the
    /// customer lacks makes it unsendable by that channel, with the reason, rather than a message
    /// that reads "Dear ,". `event` is the one the occurrence follows, for an event-driven
    /// campaign (`Store.triggeringEvent(of:)`): its fields fill `{{event.…}}`.
    public func delivery(
        for customer: Customer, occurrence: OccurrenceKey, at now: Date, channel index: Int = 0,
        event: CustomerEvent? = nil
    ) -> Result<Delivery, Unsendable> {
        let channel = campaign.channels[min(index, campaign.channels.count - 1)]
        let variant = (channel.message ?? campaign.templates(for: occurrence)).variant(
            for: customer.locale, defaultLanguage: defaultLanguage)
        let formatting = ValueFormatting(
            language: variant.tag.map { DisplayLanguage(tag: $0) } ?? defaultLanguage,
            zone: customer.zone(default: defaultZone))
        // Signed once, for the template and the header.
        let unsubscribeURL = links?.unsubscribeURL(
            customerID: customer.id, campaignID: campaign.id, occurrence: occurrence)
        guard
            let values = values(
                for: customer, occurrence: occurrence, unsubscribeURL: unsubscribeURL, event: event,
                formatting: formatting, at: now)
        else {
            return .failure(Unsendable(reason: "no links: section in the config to build survey links"))
        }
        let recipient: Recipient
        switch address(of: customer, by: channel) {
        case .success(let found): recipient = found
        case .failure(let unsendable): return .failure(unsendable)
        }
        let content = variant.content
        var subject: String, text: String
        var html: String?
        var zns: ZNSMessage?
        do {
            if let template = channel.zns {
                zns = ZNSMessage(templateID: template.templateID, data: try template.data(values))
                subject = "ZNS template \(template.templateID)"
                text = zns!.text
            } else {
                subject = try content.subject.render(values).singleLine
                text = try content.text.render(values)
                html = recipient.mailbox == nil ? nil : try content.html?.render(values)
            }
        } catch {
            return .failure(Unsendable(reason: error.description))
        }
        if subject.isEmpty { subject = String(text.singleLine.prefix(78)) }
        if let links, let rendered = html, campaign.tracking.isOn {
            html = campaign.tracking.apply(
                to: rendered, links: links, customerID: customer.id, campaignID: campaign.id, occurrence: occurrence)
        }
        let message = OutgoingMessage(
            from: sender.from, to: recipient, replyTo: sender.replyTo,
            subject: subject, text: text, html: html, date: now, dateTimeZone: defaultZone,
            messageID: MessageID(
                occurrence: occurrence, campaign: campaign.id, customer: customer.id, domain: sender.messageIDDomain),
            extraHeaders: recipient.mailbox == nil ? [] : unsubscribeHeaders(unsubscribeURL))
        var delivery = Delivery(
            campaignID: campaign.id, customerID: customer.id, occurrence: occurrence, message: message, values: values)
        delivery.channel = index
        delivery.transport = channel.transport
        delivery.zns = zns
        return .success(delivery)
    }

    /// The customer's address for the channel's transport: their email, or their phone. The
    /// message `delivery(for:…)` renders for that channel goes there, so a delivery worker can ask
    /// the suppression list about a whole batch before rendering any of it.
    public func address(of customer: Customer, by channel: CampaignChannel) -> Result<Recipient, Unsendable> {
        switch addressKinds[channel.transport] ?? .email {
        case .email:
            guard let email = customer.email, !email.isEmpty else {
                return .failure(Unsendable(reason: "no email for \(channel.transport)"))
            }
            do {
                return .success(
                    .email(Mailbox(displayName: customer.fullName?.singleLine, address: try EmailAddress(email))))
            } catch {
                return .failure(Unsendable(reason: error.description))
            }
        case .phone:
            guard let text = customer.phone, let phone = PhoneNumber(e164: text) else {
                return .failure(Unsendable(reason: "no phone for \(channel.transport)"))
            }
            return .success(.phone(phone))
        }
    }
}
