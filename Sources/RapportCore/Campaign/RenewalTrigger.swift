public import Foundation

/// Reminds a customer before their renewal or expiry date and follows up after it lapses, at a
/// local hour. Each reminder's occurrence names the renewal date and the offset, so moving the
/// date re-arms every reminder for the new date.
public struct RenewalTrigger: Sendable {
    /// Days before the renewal date, e.g. 30, 7, 1.
    public var before: [Int]
    /// Days after it, for customers who lapsed, e.g. 3, 14.
    public var after: [Int]
    public var at: LocalTime
    /// Send a reminder whose moment had passed when the renewal date arrived in the store (or
    /// while the daemon was down), as long as no later reminder is due. Off by default: a
    /// "30 days left" mail a week late is worse than none.
    public var catchUp: Bool
    /// Messages of their own for some offsets, keyed by the signed offset in days (-7 for `before:
    /// 7d`, 3 for `after: 3d`); the others use the campaign's message.
    public var messages: [Int: CampaignMessage] = [:]

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
    /// Only those on `days`, when given: the instants are the costly part.
    func reminders(for renewal: LocalDate, in zone: TimeZone, on days: ClosedRange<LocalDate>? = nil) -> [Reminder] {
        let offsets = before.map { -$0 } + after
        return offsets.sorted().filter { days?.contains(renewal.adding(days: $0)) ?? true }.map { offset in
            let date = renewal.adding(days: offset)
            let label = offset < 0 ? "-\(-offset)d" : "+\(offset)d"
            return Reminder(
                date: date, moment: ZonedTime.instant(of: date, at: at, in: zone),
                key: OccurrenceKey(rawValue: "\(renewal):\(label)"))
        }
    }

    /// The reminders for the customer's renewal date, each open on its own local day (or, with
    /// `catchUp`, until the next one is due). Without `catchUp`, a reminder whose moment was
    /// already past when the renewal date was recorded is never due.
    /// With `around`, only reminders on the local days of those instants (and the day either
    /// side) are computed, unless `catchUp` makes a reminder's span longer than that.
    public func occurrences(for customer: Customer, defaultZone: TimeZone, around: ClosedRange<Date>? = nil)
        -> [Occurrence]
    {
        guard let renewal = customer.renewalDate else { return [] }
        let zone = customer.zone(default: defaultZone)
        let days =
            catchUp
            ? nil
            : around.map {
                ZonedTime.localDate(of: $0.lowerBound, in: zone).adding(
                    days: -1)...ZonedTime.localDate(
                        of: $0.upperBound, in: zone
                    ).adding(days: 1)
            }
        let series = reminders(for: renewal, in: zone, on: days)
        return series.indices.compactMap { index in
            let reminder = series[index]
            if catchUp {
                let closes =
                    index + 1 < series.count
                    ? series[index + 1].moment : reminder.moment.addingTimeInterval(Self.lastCatchUp)
                return Occurrence(key: reminder.key, due: reminder.moment, closes: closes)
            }
            if let recorded = customer.renewalRecordedAt, reminder.moment < recorded { return nil }
            return Occurrence(
                key: reminder.key, due: reminder.moment, closes: reminder.date.adding(days: 1).start(in: zone))
        }
    }

    /// The reminder due at `now`, if any.
    public func occurrence(for customer: Customer, at now: Date, defaultZone: TimeZone) -> OccurrenceKey? {
        occurrences(for: customer, defaultZone: defaultZone, around: now...now).open(at: now)?.key
    }

    /// No reminder is open for less than this, so a pause shorter than it cannot have missed one.
    public var shortestSpan: TimeInterval {
        guard catchUp else { return max(0, Double(23 * 3_600 - at.secondsIntoDay)) }
        let offsets = (before.map { -$0 } + after).sorted()
        let gaps = zip(offsets, offsets.dropFirst()).map { Double(($1 - $0) * 86_400 - 3_600) }
        return (gaps + [Self.lastCatchUp]).min()!
    }

    /// Renewal dates that can have a reminder due between `start` and `end` for a customer in
    /// `zone`, or in some zone when nil. A reminder is open within its own local day (with
    /// `catchUp`, until the next one or a week later), so in a known zone only the local days
    /// from `start` to `end` count; in an unknown one, the UTC days and one either side.
    public func candidateRenewalDates(from start: Date, to end: Date, in zone: TimeZone? = nil) -> [LocalDate] {
        let margin = zone == nil ? 1 : 0
        let zone = zone ?? TimeZone(identifier: "UTC")!
        let first = ZonedTime.localDate(of: start, in: zone)
        let last = ZonedTime.localDate(of: max(start, end), in: zone)
        let span = catchUp ? (before + after).max() ?? 0 : 0
        let lookback = catchUp ? Int(Self.lastCatchUp / 86_400) + span : 0
        let days = min(last.daysSinceEpoch - first.daysSinceEpoch, 366)
        var dates: Set<LocalDate> = []
        for offset in before.map({ -$0 }) + after {
            for day in (-margin - lookback)...(margin + days) { dates.insert(first.adding(days: day - offset)) }
        }
        return dates.sorted()
    }
}
