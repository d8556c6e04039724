public import Foundation

/// Reminds a customer before their renewal or expiry date and follows up after it lapses, at a
/// local hour. Each reminder's occurrence names the renewal date and the offset, so moving the
/// date re-arms every reminder for the new date.
public struct RenewalTrigger: Sendable, Equatable {
    /// Days before the renewal date, e.g. 30, 7, 1.
    public var before: [Int]
    /// Days after it, for customers who lapsed, e.g. 3, 14.
    public var after: [Int]
    public var at: LocalTime
    /// Send a reminder whose moment had passed when the renewal date arrived in the store (or
    /// while the daemon was down), as long as no later reminder is due. Off by default: a
    /// "30 days left" mail a week late is worse than none.
    public var catchUp: Bool

    /// How long after its moment the last reminder of a series may still be caught up.
    static let lastCatchUp: TimeInterval = 7 * 86_400

    public init(before: [Int], after: [Int] = [], at: LocalTime, catchUp: Bool = false) {
        self.before = before
        self.after = after
        self.at = at
        self.catchUp = catchUp
    }

    /// One reminder of the series for a given renewal date.
    struct Reminder {
        var date: LocalDate
        var moment: Date
        var key: OccurrenceKey
    }

    /// Reminders in time order: the earliest `before` first, the latest `after` last.
    func reminders(for renewal: LocalDate, in zone: TimeZone) -> [Reminder] {
        let offsets = before.map { -$0 } + after
        return offsets.sorted().map { offset in
            let date = renewal.adding(days: offset)
            let label = offset < 0 ? "-\(-offset)d" : "+\(offset)d"
            return Reminder(
                date: date, moment: ZonedTime.instant(of: date, at: at, in: zone),
                key: OccurrenceKey(rawValue: "\(renewal):\(label)"))
        }
    }

    /// The reminder due at `now`: the latest whose moment has come, on its own local day (or,
    /// with `catchUp`, until the next one's moment). Without `catchUp`, a reminder whose moment
    /// was already past when the renewal date was recorded is never sent.
    public func occurrence(for customer: Customer, at now: Date, defaultZone: TimeZone, renewalRecordedAt: Date?)
        -> OccurrenceKey?
    {
        guard let renewal = customer.renewalDate else { return nil }
        let zone = customer.timeZone.flatMap(TimeZone.init(identifier:)) ?? defaultZone
        let series = reminders(for: renewal, in: zone)
        guard let index = series.lastIndex(where: { $0.moment <= now }) else { return nil }
        let reminder = series[index]
        if catchUp {
            let closes =
                index + 1 < series.count
                ? series[index + 1].moment : reminder.moment.addingTimeInterval(Self.lastCatchUp)
            return now < closes ? reminder.key : nil
        }
        guard ZonedTime.localDate(of: now, in: zone) == reminder.date else { return nil }
        if let renewalRecordedAt, reminder.moment < renewalRecordedAt { return nil }
        return reminder.key
    }

    /// Renewal dates that can have a reminder due at `now` in some zone.
    public func candidateRenewalDates(at now: Date) -> [LocalDate] {
        let utcToday = ZonedTime.localDate(of: now, in: TimeZone(identifier: "UTC")!)
        var dates: Set<LocalDate> = []
        let span = catchUp ? (before + after).max() ?? 0 : 0
        let lookback = catchUp ? Int(Self.lastCatchUp / 86_400) + span : 0
        for offset in before.map({ -$0 }) + after {
            for day in (-1 - lookback)...1 { dates.insert(utcToday.adding(days: day - offset)) }
        }
        return dates.sorted()
    }
}
