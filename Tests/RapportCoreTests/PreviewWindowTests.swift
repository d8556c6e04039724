import Foundation
import RapportCore
import Testing

@Suite struct PreviewWindowTests {
    let saigon = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

    @Test func daysAreWholeLocalDaysBothIncludedAndInstantsIncludeTheirEnd() throws {
        #expect(PreviewWindow.bound("2026-12-01", isEnd: false, in: saigon) == Timestamp.parse("2026-11-30T17:00:00Z"))
        #expect(PreviewWindow.bound("2026-12-31", isEnd: true, in: saigon) == Timestamp.parse("2026-12-31T17:00:00Z"))
        let end = try #require(PreviewWindow.bound("2026-12-31T10:00:00+07:00", isEnd: true, in: saigon))
        let window = PreviewWindow(start: .distantPast, end: end)
        #expect(window.contains(Timestamp.parse("2026-12-31T10:00:00+07:00")!))
        #expect(!window.contains(Timestamp.parse("2026-12-31T10:00:01+07:00")!))
        #expect(PreviewWindow.bound("2026-12-32", isEnd: false, in: saigon) == nil)
        #expect(PreviewWindow.bound("2026-12-01T10:00:00", isEnd: false, in: saigon) == nil)
    }

    @Test func ticksStartAtTheWindowAndStepThroughIt() {
        let window = PreviewWindow(
            start: Timestamp.parse("2026-12-01T00:00:00Z")!, end: Timestamp.parse("2026-12-02T00:00:00Z")!)
        let ticks = window.ticks(every: TimeSpan("6h")!, from: Timestamp.parse("2026-12-05T00:00:00Z")!)
        #expect(ticks.map(Timestamp.format) == ["00", "06", "12", "18"].map { "2026-12-01T\($0):00:00Z" })
    }

    @Test func aWindowAheadIsReachedFromNowInStepsLinedUpWithItsStart() {
        let window = PreviewWindow(
            start: Timestamp.parse("2026-12-01T00:00:00Z")!, end: Timestamp.parse("2026-12-01T12:00:00Z")!)
        let ticks = window.ticks(every: TimeSpan("6h")!, from: Timestamp.parse("2026-11-30T07:30:00Z")!)
        #expect(
            ticks.map(Timestamp.format) == [
                "2026-11-30T07:30:00Z", "2026-11-30T12:00:00Z", "2026-11-30T18:00:00Z", "2026-12-01T00:00:00Z",
                "2026-12-01T06:00:00Z",
            ])
        let justBefore = window.ticks(every: TimeSpan("6h")!, from: Timestamp.parse("2026-11-30T18:00:00Z")!)
        #expect(justBefore.map(Timestamp.format).prefix(2) == ["2026-11-30T18:00:00Z", "2026-12-01T00:00:00Z"])
    }

    @Test func timesReadInTheOperatorsZone() {
        #expect(
            Timestamp.format(Timestamp.parse("2026-12-03T02:00:00Z")!, in: saigon) == "2026-12-03T09:00:00+07:00")
    }
}
