public import Foundation

extension CampaignEvaluator {
    /// Names the occurrence of a sample that is not due: a survey's, which follows no interaction,
    /// or one for a customer who lacks the date the trigger needs.
    public static let sampleOccurrence = OccurrenceKey(rawValue: "sample")

    /// The occurrence a sample of this campaign's message for `customer` renders, due or not: the
    /// one open at `now`, else the next within a year, else the latest before, else
    /// `sampleOccurrence`. It picks a welcome step's own templates and a renewal reminder's date.
    public func sampleOccurrence(for customer: Customer, at now: Date) -> OccurrenceKey {
        let year = now.addingTimeInterval(366 * 86_400)
        let occurrences = occurrences(for: customer, from: now, to: year).sorted { $0.due < $1.due }
        let chosen =
            occurrences.open(at: now) ?? occurrences.first { $0.due >= now } ?? occurrences.last { $0.due < now }
        return chosen?.key ?? Self.sampleOccurrence
    }
}

extension CampaignEvaluator {
    /// The message for `customer`, rendered at `now` for `occurrence` (by default the one
    /// `sampleOccurrence(for:at:)` picks) as a worker would, then made a sample for `reviewer`
    /// (`Delivery.testSample`). Eligibility is not checked: a sample shows the message to someone
    /// deciding about it. `event` is the one the occurrence follows, for an event-driven campaign.
    public func testSample(
        for customer: Customer, occurrence: OccurrenceKey? = nil, to reviewer: EmailAddress, at now: Date,
        nonce: String, event: CustomerEvent? = nil
    ) -> Result<Delivery, Unsendable> {
        delivery(
            for: customer, occurrence: occurrence ?? sampleOccurrence(for: customer, at: now), at: now, event: event
        ).map { $0.testSample(to: reviewer, nonce: nonce) }
    }
}
