import Foundation
import RapportCore
import Testing

@Suite struct FrequencyCapTests {
    let cap = FrequencyCap(messages: 2, per: TimeSpan("7d")!)
    let now = Timestamp.parse("2026-11-23T09:00:00Z")!

    @Test func roomUntilTheCapThenTheOldestSendFreesASlot() {
        let day: TimeInterval = 86_400
        #expect(cap.nextSlot(after: [], at: now) == nil)
        #expect(cap.nextSlot(after: [now.addingTimeInterval(-day)], at: now) == nil)
        let two = [now.addingTimeInterval(-6 * day), now.addingTimeInterval(-day)]
        #expect(cap.nextSlot(after: two, at: now) == now.addingTimeInterval(day))
        // Sends older than the period do not count.
        #expect(cap.nextSlot(after: [now.addingTimeInterval(-8 * day), now.addingTimeInterval(-day)], at: now) == nil)
    }

    @Test func onlyTransactionalIsExempt() {
        #expect(!FrequencyCap.applies(to: .transactional))
        #expect(FrequencyCap.applies(to: .marketing))
        #expect(FrequencyCap.applies(to: .survey))
    }
}
