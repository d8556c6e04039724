extension RenewalTrigger {
    /// Template fields a renewal message may use: `days_left` and `before` on a reminder before the
    /// date, `days_overdue` and `after` on a follow-up after it (each missing on the other side,
    /// so `{{#days_left}}…{{/days_left}}{{#days_overdue}}…{{/days_overdue}}` says the right thing).
    public static let templateFields: Set<String> = ["days_left", "days_overdue", "before", "after"]

    /// The signed offset in days an occurrence key names: -7 for `2027-05-21:-7d`, 3 for `…:+3d`.
    public static func offset(of occurrence: OccurrenceKey) -> Int? {
        guard let colon = occurrence.rawValue.lastIndex(of: ":") else { return nil }
        let label = occurrence.rawValue[occurrence.rawValue.index(after: colon)...]
        guard label.hasSuffix("d"), let days = Int(label.dropLast()) else { return nil }
        return days
    }

    /// The template values an occurrence adds (`templateFields`).
    public static func values(for occurrence: OccurrenceKey) -> [String: String] {
        guard let offset = offset(of: occurrence) else { return [:] }
        return offset < 0
            ? ["days_left": String(-offset), "before": "yes"] : ["days_overdue": String(offset), "after": "yes"]
    }

    /// One message serves reminders before the date and follow-ups after it, and its templates
    /// cannot tell them apart: a `+3d` follow-up would read "renews on …, reply before then".
    public func sharesOneMessageAcrossTheDate(_ message: CampaignMessage) -> Bool {
        let sharing = (before.map { -$0 } + after).filter { messages[$0] == nil }
        guard sharing.contains(where: { $0 < 0 }), sharing.contains(where: { $0 > 0 }) else { return false }
        let used = Set(message.allTemplates.flatMap(\.fields).map(\.name))
        return used.isDisjoint(with: Self.templateFields)
    }
}
