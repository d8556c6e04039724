public import Foundation
public import Logging
public import RapportCore
public import RapportStore
import Synchronization

/// `rapport preview --from … --to …`: what the daemon would do over a window of time at every
/// tick — and at the ticks from `now` up to the window, when it lies ahead — then listing what was
/// decided in the window. Worked out by intervals (`Tick.simulateByIntervals`), or with
/// `replaysTicks` by running the daemon itself on a scratch copy of the store at every tick
/// (`Tick.simulate`): the same decisions, the second far slower on a large store. Filtering by
/// campaign or customer narrows the list, never the run: every campaign shares the frequency cap.
public struct WindowPreview: Sendable {
    public var window: PreviewWindow
    public var step: TimeSpan
    /// List only this campaign's occurrences.
    public var campaignID: String?
    /// List only this customer's occurrences.
    public var customerID: String?
    /// Keep each listed message whole, to show it in full (`--customer`).
    public var keepsMessages = false
    /// Write each listed message there (`--out`).
    public var archive: MessageArchive?
    /// Run the daemon's own ticks on a copy of the store rather than work by intervals (`--replay`).
    public var replaysTicks = false

    /// The step when none is given: the daemon's own tick when it is at least an hour, else an
    /// hour. A minute's tick over 30 days is 43,200 evaluations, too many for a large store; an
    /// hour lists each message at the first full hour at or after the daemon would send it.
    public static func defaultStep(daemonTick: TimeSpan) -> TimeSpan { max(daemonTick, TimeSpan(seconds: 3_600)) }

    public init(window: PreviewWindow, step: TimeSpan) {
        self.window = window
        self.step = step
    }

    /// What was decided in the window, in order, and the listed messages kept whole by
    /// Message-ID (`<…>`, as in the ledger) when `keepsMessages`. Readable only inside `run`'s
    /// `list`, while the scratch copy exists.
    public struct Outcome: Sendable {
        let decisions: SimulatedDecisions
        let preview: WindowPreview
        public let messages: [String: Delivery]

        public func forEachEntry(_ body: (LedgerEntry) -> Void) throws(StoreError) {
            try decisions.forEach { entry in
                if preview.lists(
                    campaignID: entry.campaignID, customerID: entry.customerID, at: entry.finishedAt ?? entry.createdAt)
                {
                    body(entry)
                }
            }
        }
    }

    public func run<Listing>(
        tick: Tick, campaigns: [Campaign], transports: Set<String>, now: Date, scratchDirectory: URL, logger: Logger,
        list: (Outcome) throws(StoreError) -> Listing
    ) async throws(StoreError) -> Listing {
        let kept = KeptMessages()
        let ticks = window.ticks(every: step, from: now)
        let outcome = { [self] (decisions: SimulatedDecisions) throws(StoreError) in
            try list(Outcome(decisions: decisions, preview: self, messages: kept.all))
        }
        guard replaysTicks else {
            return try await tick.simulateByIntervals(
                campaigns: campaigns, at: ticks, scratchDirectory: scratchDirectory,
                record: { [self] delivery in keep(delivery, envelope: delivery.envelope, in: kept) }, list: outcome)
        }
        return try await tick.simulate(
            campaigns: campaigns, at: ticks, transports: transports, scratchDirectory: scratchDirectory,
            record: { [self] envelope in
                if let delivery = envelope.delivery { keep(delivery, envelope: envelope, in: kept) }
            }, logger: logger, list: outcome)
    }

    /// Writes a listed message to the archive and keeps it whole, as asked; composes it only then.
    private func keep(_ delivery: Delivery, envelope: @autoclosure () -> Envelope, in kept: KeptMessages) {
        guard lists(campaignID: delivery.campaignID, customerID: delivery.customerID, at: delivery.message.date)
        else { return }
        archive?.write(envelope())
        if keepsMessages { kept.keep(delivery) }
    }

    private func lists(campaignID: String, customerID: String, at time: Date) -> Bool {
        window.contains(time) && (self.campaignID ?? campaignID) == campaignID
            && (self.customerID ?? customerID) == customerID
    }

    /// Campaigns with occurrences open for less than `step` although the daemon's own tick is
    /// short enough to see them: ticks this far apart can miss them (recorded `expired`), which the
    /// daemon would not.
    public func campaignsStepMayMiss(_ campaigns: [Campaign], daemonTick: TimeSpan) -> [Campaign] {
        campaigns.filter { $0.shortestSpan < step.timeInterval && $0.shortestSpan >= daemonTick.timeInterval }
    }
}

/// The messages a preview shows in full, filled by the dry-run transport while the run goes on.
private final class KeptMessages: Sendable {
    private let messages = Mutex<[String: Delivery]>([:])

    func keep(_ delivery: Delivery) {
        messages.withLock { $0[delivery.message.messageID.description] = delivery }
    }

    var all: [String: Delivery] { messages.withLock { $0 } }
}
