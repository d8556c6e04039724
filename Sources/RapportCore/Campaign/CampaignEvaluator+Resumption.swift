public import Foundation

extension CampaignEvaluator {
    /// A deferred occurrence decided again when its time comes, by the rules that decided it
    /// first: skipped, with the reason, when the customer unsubscribed or left the audience, or
    /// when the trigger no longer gives it (a win-back whose quiet spell ended, a renewal date that
    /// moved, a birthday that changed); else as `decision(for:occurrence:at:exit:)` decides a new one.
    public func resumption(
        for customer: Customer, occurrence: OccurrenceKey, deferredAt firstDue: Date, at now: Date,
        exit: ExitEvent? = nil
    ) -> Decision {
        let resumed = Decision(campaignID: campaign.id, customerID: customer.id, occurrence: occurrence, action: .send)
        guard isEligible(customer) else {
            return resumed.with(.skip(reason: "unsubscribed or left the audience while deferred"))
        }
        if let lapse = lapse(of: occurrence, for: customer, deferredAt: firstDue, at: now) {
            return resumed.with(.skip(reason: "no longer due: \(lapse)"))
        }
        return decision(for: customer, occurrence: occurrence, at: now, exit: exit)
    }

    /// Why the trigger no longer gives this occurrence as due by `now`, or nil when it still does.
    /// Event-driven occurrences (surveys, follow-ups) stay due: the event that caused them happened.
    func lapse(of occurrence: OccurrenceKey, for customer: Customer, deferredAt firstDue: Date, at now: Date)
        -> String?
    {
        guard campaign.trigger.eventRule == nil else { return nil }
        let stillDue = occurrences(for: customer, from: min(firstDue, now), to: now).contains {
            $0.key == occurrence && $0.due <= now
        }
        guard !stillDue else { return nil }
        switch campaign.trigger {
        case .inactivity:
            let active = customer.lastActiveAt.map { " at \(Timestamp.format($0))" } ?? ""
            return "the customer was active again\(active), which ended the quiet spell"
        case .renewal:
            return "the renewal date is now \(customer.renewalDate.map(String.init(describing:)) ?? "none")"
        case .birthday:
            return "the birthday is now \(customer.birthday.map(String.init(describing:)) ?? "unknown")"
        case .welcome, .nps, .event:
            return "the customer's signup changed"
        }
    }
}
