import Foundation

/// One customer's ledger through a preview's ticks (`PreviewSimulation`).
struct CustomerRun {
    let simulation: PreviewSimulation
    var facts: CustomerFacts
    /// The customer's rows that can change or be listed: open ones from the store, new ones.
    private var entries: [Entry] = []
    private var index: [RowKey: Int] = [:]
    /// Ticks still to play, by index.
    private var agenda: Set<Int> = []
    private var capHistory: [Date]

    /// Statuses a row can still move on from; the store lists such a row only when it is new.
    private static let openStatuses: Set<DeliveryStatus> = [.queued, .sending, .retrying, .deferred]

    private struct RowKey: Hashable {
        var campaignID: String
        var occurrence: OccurrenceKey
    }

    struct Entry {
        var entry: LedgerEntry
        var delivery: Delivery?
        /// Written during the run, rather than open in the store before it.
        var isNew: Bool
    }

    init(simulation: PreviewSimulation, facts: CustomerFacts) {
        self.simulation = simulation
        self.facts = facts
        capHistory = facts.capHistory
        for entry in facts.open { add(Entry(entry: entry, isNew: false)) }
    }

    var customer: Customer { facts.customer }

    /// New rows, and rows open before that reached a final status, in the order they were decided.
    func rows() -> [PreviewSimulation.Row] {
        entries.filter { $0.isNew || !Self.openStatuses.contains($0.entry.status) }.map {
            PreviewSimulation.Row(entry: $0.entry, delivery: $0.delivery)
        }
    }

    mutating func play(lookups: some PreviewLookups) throws {
        scheduleDueOccurrences()
        for entry in entries { schedule(entry.entry.notBefore) }
        while let next = agenda.min() {
            agenda.remove(next)
            try play(tick: next, lookups: lookups)
        }
    }

    /// The ticks where the customer's occurrences open, or are found missed.
    private mutating func scheduleDueOccurrences() {
        guard let last = simulation.ticks.instants.last else { return }
        for evaluator in simulation.evaluators where facts.candidateOf.contains(evaluator.campaign.id) {
            let campaign = evaluator.campaign
            guard let start = simulation.searchStart(of: campaign.id) else { continue }
            let recorded = facts.recorded[campaign.id] ?? []
            if let rule = campaign.trigger.eventRule {
                for interaction in facts.interactions[campaign.id] ?? []
                where !recorded.contains(EventTrigger.key(of: interaction)) {
                    schedule(rule.occurrence(of: interaction).due)
                }
            } else {
                for occurrence in evaluator.occurrences(for: customer, from: start, to: last)
                where !recorded.contains(occurrence.key) {
                    schedule(occurrence.due)
                }
            }
        }
    }

    private mutating func schedule(_ time: Date?) {
        if let time, let tick = simulation.ticks.first(atOrAfter: time) { agenda.insert(tick) }
    }

    /// What `Tick.run` does for this customer at the tick: evaluation, admission, recording, then
    /// delivery.
    private mutating func play(tick: Int, lookups: some PreviewLookups) throws {
        let now = simulation.ticks.instants[tick]
        var candidates = resumedDeferrals(at: now)
        for evaluator in simulation.prioritized where facts.candidateOf.contains(evaluator.campaign.id) {
            candidates += newDecisions(of: evaluator, tick: tick, at: now).map {
                AdmissionCandidate(decision: $0, campaign: evaluator.campaign, firstDue: now, isResumed: false)
            }
        }
        if !candidates.isEmpty { admit(candidates, at: now) }
        try deliver(at: now, lookups: lookups)
    }

    /// Deferrals whose time came, decided again (`Tick.admit`).
    private func resumedDeferrals(at now: Date) -> [AdmissionCandidate] {
        entries.filter { $0.entry.status == .deferred && ($0.entry.notBefore ?? .distantFuture) <= now }.compactMap {
            row in
            let entry = row.entry
            guard let evaluator = evaluator(of: entry.campaignID) else { return nil }
            let decision = evaluator.resumption(
                for: customer, occurrence: entry.occurrence, deferredAt: entry.createdAt, at: now,
                exit: exit(of: evaluator.campaign, at: now))
            return AdmissionCandidate(
                decision: decision, campaign: evaluator.campaign, firstDue: entry.createdAt, isResumed: true)
        }
    }

    /// A campaign's occurrences for the customer missed since its previous evaluation and open
    /// now, less those the ledger holds (`DueCustomers.decisions`).
    private func newDecisions(of evaluator: CampaignEvaluator, tick: Int, at now: Date) -> [Decision] {
        let campaign = evaluator.campaign
        var decisions: [Decision] = []
        if let previous = simulation.ticks.previous(of: campaign.id, before: tick),
            now.timeIntervalSince(previous) >= campaign.shortestSpan
        {
            let after = max(previous, now.addingTimeInterval(-simulation.longestSearch))
            if let rule = campaign.trigger.eventRule {
                decisions += evaluator.missedDecisions(
                    forInteractions: interactions(of: campaign.id, in: rule.candidateRange(from: after, to: now)),
                    after: after, before: now)
            } else {
                decisions += evaluator.missedDecisions(for: [customer], after: after, before: now)
            }
        }
        if let rule = campaign.trigger.eventRule {
            let marks = cooldownMark(of: campaign.id).map { [customer.id: $0] } ?? [:]
            decisions += evaluator.decisions(
                forInteractions: interactions(of: campaign.id, in: rule.candidateRange(from: now, to: now)),
                lastSurveyed: marks, at: now)
        } else {
            let exits = exit(of: campaign, at: now).map { [customer.id: $0] } ?? [:]
            decisions += evaluator.decisions(for: [customer], at: now, exits: exits)
        }
        return decisions.filter { !isRecorded(campaign.id, $0.occurrence) }
    }

    /// Admission of the tick's candidates under the cap, and the ledger rows it writes.
    private mutating func admit(_ candidates: [AdmissionCandidate], at now: Date) {
        let campaigns = simulation.evaluators.map(\.campaign)
        var reservations: [String: [Reservation]] = [:]
        if let cap = simulation.frequencyCap,
            AdmissionCandidate.keepingRoom(among: candidates, campaigns: campaigns).contains(customer.id)
        {
            let end = now.addingTimeInterval(cap.per.timeInterval)
            let known = simulation.evaluators.filter(\.campaign.reservesRoom).flatMap {
                $0.reservations(for: customer, after: now, before: end)
            }
            if !known.isEmpty { reservations[customer.id] = known }
        }
        var pass = AdmissionPass(
            cap: simulation.frequencyCap, history: [customer.id: capHistory], reservations: reservations)
        for admitted in pass.admit(candidates, at: now) {
            let decision = admitted.decision
            let row = decision.action.ledgerRow(at: now)
            let key = RowKey(campaignID: decision.campaignID, occurrence: decision.occurrence)
            if admitted.isResumed, let position = index[key] {
                // `Store.resume`: the row moves on, keeping its reason when the new action has none.
                entries[position].entry.status = row.status
                entries[position].entry.reply = row.reason ?? entries[position].entry.reply
                entries[position].entry.notBefore = row.notBefore
                entries[position].entry.finishedAt = row.finished
            } else if !admitted.isResumed {
                add(
                    Entry(
                        entry: LedgerEntry(
                            campaignID: decision.campaignID, customerID: customer.id, occurrence: decision.occurrence,
                            status: row.status, transport: evaluator(of: decision.campaignID)?.campaign.transport,
                            createdAt: now, finishedAt: row.finished, reply: row.reason, notBefore: row.notBefore),
                        isNew: true))
            }
            if row.status == .deferred { schedule(row.notBefore) }
        }
    }

    /// What the courier does at the tick: each queued or retrying row whose time came is rendered
    /// and handed to the dry run, or passed over, as a worker would.
    private mutating func deliver(at now: Date, lookups: some PreviewLookups) throws {
        for position in entries.indices {
            let entry = entries[position].entry
            guard [.queued, .retrying].contains(entry.status), (entry.notBefore ?? .distantPast) <= now,
                let evaluator = evaluator(of: entry.campaignID)
            else { continue }
            let capped = FrequencyCap.applies(to: evaluator.campaign.category)
            // A row from the store counted in the history at its earlier time; a claim moves it to now.
            if capped, !entries[position].isNew,
                let counted = capHistory.firstIndex(of: entry.lastAttemptAt ?? entry.createdAt)
            {
                capHistory.remove(at: counted)
            }
            entries[position].entry.attempts += 1
            entries[position].entry.lastAttemptAt = now
            entries[position].delivery = try dryRun(&entries[position].entry, by: evaluator, at: now, lookups: lookups)
            if capped, entries[position].entry.status == .sent { capHistory.append(now) }
        }
    }

    private mutating func add(_ entry: Entry) {
        index[RowKey(campaignID: entry.entry.campaignID, occurrence: entry.entry.occurrence)] = entries.count
        entries.append(entry)
    }

    private func isRecorded(_ campaignID: String, _ occurrence: OccurrenceKey) -> Bool {
        facts.recorded[campaignID]?.contains(occurrence) == true
            || index[RowKey(campaignID: campaignID, occurrence: occurrence)] != nil
    }

    private func evaluator(of campaignID: String) -> CampaignEvaluator? {
        simulation.evaluators.first { $0.campaign.id == campaignID }
    }

    /// The latest exit event at or before `now` of the kinds that end the campaign's drip.
    private func exit(of campaign: Campaign, at now: Date) -> ExitEvent? {
        let kinds = campaign.exitEvents
        guard !kinds.isEmpty else { return nil }
        return facts.exits.last { $0.occurredAt <= now && kinds.contains($0.kind) }
    }

    private func interactions(of campaignID: String, in range: ClosedRange<Date>) -> [(
        customer: Customer, interaction: Interaction
    )] {
        (facts.interactions[campaignID] ?? []).filter { range.contains($0.occurredAt) }.map { (customer, $0) }
    }

    /// The latest message of the campaign its cooldown counts (`Store.lastDelivery`): among the
    /// store's, those of rows the run carries as they stand now.
    private func cooldownMark(of campaignID: String) -> CooldownMark? {
        var marks = facts.cooldownMarks[campaignID] ?? [:]
        for row in entries where row.entry.campaignID == campaignID {
            marks[row.entry.occurrence] =
                CooldownMark.counted.contains(row.entry.status)
                ? CooldownMark(at: row.entry.createdAt, status: row.entry.status, notBefore: row.entry.notBefore) : nil
        }
        return marks.values.max { $0.at < $1.at }
    }
}
