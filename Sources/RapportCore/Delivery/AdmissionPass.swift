public import Foundation

/// The one admission decision of a moment: every message that could go now — deferrals whose
/// time has come and occurrences newly due — taken together in one order, each counted against
/// the frequency cap before the next is looked at. No I/O: the cap's history, the known
/// occurrences to keep room for and `now` come in, decisions go out; the tick records them and the
/// preview prints them.
///
/// Order: higher `priority` first, then the one due earlier, then campaign id and occurrence, so
/// a deferred low-priority message never takes the place of a higher-priority one due with it.
public struct AdmissionPass: Sendable {
    public let cap: FrequencyCap?
    /// Per customer: capped messages handed over in the cap's period, and those admitted here.
    public private(set) var history: [String: [Date]]
    /// Per customer: capped occurrences known to fall due within the cap's period.
    let reservations: [String: [Reservation]]

    public init(cap: FrequencyCap?, history: [String: [Date]], reservations: [String: [Reservation]] = [:]) {
        self.cap = cap
        self.history = history
        self.reservations = reservations
    }

    /// The candidates in admission order, each with the action the cap leaves it: a send with no
    /// room, or one that would take the room kept for a known higher-priority occurrence, becomes a
    /// deferral until then — or an expiry when that is past its `max_delay` after it first became
    /// due. Other actions pass unchanged.
    public mutating func admit(_ candidates: [AdmissionCandidate], at now: Date) -> [AdmissionCandidate] {
        candidates.sorted(by: AdmissionCandidate.inAdmissionOrder).map { candidate in
            var admitted = candidate
            admitted.decision = admit(candidate, at: now)
            if case .send = admitted.decision.action, candidate.isCapped, cap != nil {
                history[candidate.decision.customerID, default: []].append(now)
            }
            return admitted
        }
    }

    private func admit(_ candidate: AdmissionCandidate, at now: Date) -> Decision {
        let decision = candidate.decision
        guard case .send = decision.action, candidate.isCapped, let cap else { return decision }
        let sent = history[decision.customerID] ?? []
        let wait: (until: Date, reason: String)
        if let slot = cap.nextSlot(after: sent, at: now) {
            wait = (slot, "frequency cap \(cap) reached; room again at \(Timestamp.format(slot))")
        } else if let kept = keptRoom(for: candidate, after: sent, cap: cap, at: now) {
            wait = (
                kept.due,
                "frequency cap \(cap): room kept for \(kept.campaignID) \(kept.occurrence) (priority \(kept.priority)) due \(Timestamp.format(kept.due))"
            )
        } else {
            return decision
        }
        if wait.until > candidate.firstDue.addingTimeInterval(candidate.maxDelay.timeInterval) {
            return decision.with(.expiry(reason: "\(wait.reason), past max_delay \(candidate.maxDelay)"))
        }
        return decision.with(.deferral(until: wait.until, reason: wait.reason))
    }

    /// The first known higher-priority occurrence that would find the cap full, at its due time,
    /// if this candidate were sent now.
    private func keptRoom(for candidate: AdmissionCandidate, after sent: [Date], cap: FrequencyCap, at now: Date)
        -> Reservation?
    {
        let period = cap.per.timeInterval
        let ahead = (reservations[candidate.decision.customerID] ?? []).filter {
            $0.priority > candidate.priority && $0.due > now && $0.due < now.addingTimeInterval(period)
        }.sorted { $0.due < $1.due }
        let withThis = sent + [now]
        for (index, reservation) in ahead.enumerated() {
            let start = reservation.due.addingTimeInterval(-period)
            let counted = withThis.filter { $0 > start }.count + ahead[...index].filter { $0.due > start }.count
            if counted > cap.messages { return reservation }
        }
        return nil
    }
}

/// A message that could go at this moment, with what admission orders and bounds it by.
public struct AdmissionCandidate: Sendable {
    public var decision: Decision
    public var priority: Int
    /// Counts against the frequency cap (marketing and survey).
    public var isCapped: Bool
    /// When it first became due: now for a new occurrence, earlier for a resumed deferral.
    public var firstDue: Date
    public var maxDelay: TimeSpan
    /// A deferral decided again, rather than an occurrence seen for the first time.
    public var isResumed: Bool

    public init(decision: Decision, campaign: Campaign, firstDue: Date, isResumed: Bool) {
        self.decision = decision
        self.priority = campaign.priority
        self.isCapped = FrequencyCap.applies(to: campaign.category)
        self.firstDue = firstDue
        self.maxDelay = campaign.maxDelay
        self.isResumed = isResumed
    }

    /// A send that counts against the frequency cap.
    public var isCappedSend: Bool {
        guard isCapped, case .send = decision.action else { return false }
        return true
    }

    /// The customers with a capped send below the highest priority of a campaign that keeps room
    /// (`Campaign.reservesRoom`): those admission must know the known occurrences of.
    public static func keepingRoom(among candidates: [AdmissionCandidate], campaigns: [Campaign]) -> Set<String> {
        guard let highest = campaigns.filter(\.reservesRoom).map(\.priority).max() else { return [] }
        return Set(candidates.filter { $0.isCappedSend && $0.priority < highest }.map(\.decision.customerID))
    }

    static func inAdmissionOrder(_ lhs: AdmissionCandidate, _ rhs: AdmissionCandidate) -> Bool {
        if lhs.priority != rhs.priority { return lhs.priority > rhs.priority }
        if lhs.firstDue != rhs.firstDue { return lhs.firstDue < rhs.firstDue }
        if lhs.decision.campaignID != rhs.decision.campaignID {
            return lhs.decision.campaignID < rhs.decision.campaignID
        }
        if lhs.decision.customerID != rhs.decision.customerID {
            return lhs.decision.customerID < rhs.decision.customerID
        }
        return lhs.decision.occurrence.rawValue < rhs.decision.occurrence.rawValue
    }
}

/// A capped occurrence known in advance — a birthday, a renewal reminder, a drip step — for which
/// admission keeps room under the cap against lower-priority messages.
public struct Reservation: Sendable, Equatable {
    public var campaignID: String
    public var occurrence: OccurrenceKey
    public var due: Date
    public var priority: Int

    public init(campaignID: String, occurrence: OccurrenceKey, due: Date, priority: Int) {
        self.campaignID = campaignID
        self.occurrence = occurrence
        self.due = due
        self.priority = priority
    }
}
