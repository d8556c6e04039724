public import Foundation
public import Logging
public import RapportCore
public import RapportServer
public import RapportStore
import ServiceLifecycle
import Synchronization

/// The delivery workers: each claims due messages from the ledger under a lease, renders them
/// with the customer's current data, hands them to its own transports (one connection kept open
/// per worker) and records the outcome — sent, retried later with backoff, failed, suppressed.
///
/// A message is `sending` in the ledger before its transport is called. A worker that dies
/// leaves its claims to come back when their lease runs out; they are sent again with the same
/// Message-ID and Idempotency-Key, and the resend is logged as a possible duplicate.
public struct Courier: Sendable {
    public var store: Store
    /// One set of transports per worker: workers send concurrently, each over its own connections.
    public var workers: [[String: any Transport]]
    public var retryPolicy: RetryPolicy
    /// How long a claim is held before another worker may take it over.
    public var lease: TimeInterval
    /// Names this process's claims in the ledger.
    public var owner: String
    /// Messages a worker claims at once.
    public var batchSize = 20
    /// Per transport name: rate and connection limits shared by all workers.
    public var throttles: [String: TransportThrottle] = [:]
    /// Outcomes by campaign for `/metrics`; nil when no HTTP service runs.
    public var metrics: DaemonMetrics?
    /// Claims waiting in workers' batches and outcomes the store has not taken yet.
    public var inHand = ClaimsInHand()

    public init(
        store: Store, workers: [[String: any Transport]], retryPolicy: RetryPolicy = RetryPolicy(),
        lease: TimeInterval = 600, owner: String = Courier.newOwner()
    ) {
        self.store = store
        self.workers = workers
        self.retryPolicy = retryPolicy
        self.lease = lease
        self.owner = owner
    }

    /// A name for this process's claims (and its Zalo token renewals) no other process has.
    public static func newOwner() -> String {
        "\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)"
    }

    /// Sends every message due at `now` for the given campaigns (keyed by id, with what renders
    /// them), until the queue is empty or shutdown is requested; returns what happened.
    /// `rapport run --once` delivers this way: one instant for the whole pass.
    public func deliverDue(evaluators: [String: CampaignEvaluator], at now: Date, logger: Logger) async -> TickReport {
        await deliverDue(evaluators: evaluators, clock: FixedWallClock(now), logger: logger)
    }

    /// Sends every message due for the given campaigns until the queue is empty or shutdown is
    /// requested, reading `clock` for each claim and each message, so leases and retry times stay
    /// true however long the queue takes; returns what happened.
    ///
    /// Graceful shutdown (swift-service-lifecycle) stops the workers from claiming, gives the
    /// claims not yet handed to a transport back to the queue at once (`Store.release`), and
    /// lets each worker's message in flight finish and be recorded. Task cancellation stops them
    /// the same way, between messages.
    public func deliverDue(evaluators: [String: CampaignEvaluator], clock: any WallClock, logger: Logger) async
        -> TickReport
    {
        await withTaskGroup(of: TickReport.self) { group in
            for (index, transports) in workers.enumerated() {
                // Off the task pool: a worker's store calls block (see StoreThreads).
                group.addTask(executorPreference: StoreThreads.shared) {
                    await work(
                        owner: "\(owner)/\(index)", transports: transports, evaluators: evaluators, clock: clock,
                        logger: logger)
                }
            }
            var report = TickReport()
            for await part in group { report.merge(part) }
            return report
        }
    }

    /// True once the daemon is stopping: a worker claims nothing more.
    private static var stopping: Bool { Task.isShuttingDownGracefully || Task.isCancelled }

    private func work(
        owner: String, transports: [String: any Transport], evaluators: [String: CampaignEvaluator],
        clock: any WallClock, logger: Logger
    ) async -> TickReport {
        var report = TickReport()
        let held = HeldClaims(inHand: inHand)
        let store = store
        await withGracefulShutdownHandler {
            var failed = false
            while !Self.stopping && !failed {
                let claims: [Claim]
                let claimedAt = clock.now
                do {
                    claims = try store.claimDue(
                        owner: owner, campaignIDs: Array(evaluators.keys), limit: batchSize, lease: lease,
                        at: claimedAt)
                } catch {
                    logger.error("cannot claim messages", metadata: ["error": "\(error)"])
                    break
                }
                guard !claims.isEmpty else { break }
                // Taken over from a worker of this daemon that had not sent them yet: no resend.
                let fromSiblings = inHand.unsent(among: claims.map(\.id))
                held.hold(claims, leasedUntil: claimedAt.addingTimeInterval(lease))
                let facts: BatchFacts
                do {
                    facts = try BatchFacts(of: claims, evaluators: evaluators, store: store)
                } catch {
                    abandon(held.takeAll(), owner: owner, because: error, logger: logger)
                    break
                }
                await withTaskGroup(of: Void.self) { keeper in
                    keeper.addTask { await keepLeases(of: held, owner: owner, clock: clock, logger: logger) }
                    defer { keeper.cancelAll() }
                    while let claim = held.next() {
                        defer { held.sent() }
                        if Self.stopping {
                            giveBack([claim] + held.takeAll(), owner: owner, because: "stopping", logger: logger)
                            break
                        }
                        guard let evaluator = evaluators[claim.campaignID] else { continue }
                        if inHand.adoptOutcome(of: claim.id, owner: owner) {
                            logger.warning(
                                "not sending: the server has this message and a worker is still recording its outcome",
                                metadata: ["campaign": "\(claim.campaignID)", "customer": "\(claim.customerID)"])
                            continue
                        }
                        do {
                            if let status = try await send(
                                claim, owner: owner, evaluator: evaluator, facts: facts, transports: transports,
                                held: held, mayBeOnTheServer: claim.leaseExpired && !fromSiblings.contains(claim.id),
                                clock: clock, logger: logger)
                            {
                                report.count(status, of: claim.campaignID)
                                metrics?.recordDelivery(campaign: claim.campaignID, outcome: status.rawValue)
                            }
                        } catch {
                            abandon([claim] + held.takeAll(), owner: owner, because: error, logger: logger)
                            failed = true
                            break
                        }
                    }
                }
            }
        } onGracefulShutdown: {
            // At once, not after the message in flight: a transport may hold that one until the
            // shutdown bound, and these must not wait for their lease.
            giveBack(held.takeAll(), owner: owner, because: "stopping", logger: logger)
        }
        return report
    }

    /// Before the transport was called: nothing went out. The store is failing, so this batch
    /// ends here; its claims are given back if the store lets us, and until then this daemon
    /// remembers they were never sent, so a worker that takes one over after its lease does not
    /// warn of a duplicate.
    private func abandon(_ unsent: [Claim], owner: String, because error: any Error, logger: Logger) {
        logger.error(
            "not sent: the store failed before the message went out; it is tried again later",
            metadata: ["error": "\(error)", "claims": "\(unsent.count)"])
        inHand.markUnsent(unsent.map(\.id))
        if (try? store.release(unsent, owner: owner)) != nil { inHand.clearUnsent(unsent.map(\.id)) }
    }

    /// Renews the leases of a worker's claims every third of the lease while it works through its
    /// batch, in one statement for all of them: no other worker or daemon takes over the message
    /// with its transport, however long the transport's timeout, nor the claims waiting their turn,
    /// which would otherwise be counted as attempts that never happened.
    private func keepLeases(of held: HeldClaims, owner: String, clock: any WallClock, logger: Logger) async {
        while true {
            do {
                try await Task.sleep(for: .milliseconds(Int64(lease * 1000 / 3)))
            } catch {
                return
            }
            do {
                if let lost = try renewLeases(of: held, owner: owner, at: clock.now, logger: logger) {
                    logger.error(
                        "lease lost on the message being sent: another worker took it over",
                        metadata: ["campaign": "\(lost.campaignID)", "customer": "\(lost.customerID)"])
                }
            } catch {
                logger.warning("could not renew the lease of the message being sent", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Renews the leases of all the claims `held` has, in one statement, and forgets those another
    /// worker took over meanwhile. Returns the claim being sent when it was one of them.
    private func renewLeases(of held: HeldClaims, owner: String, at now: Date, logger: Logger) throws(StoreError)
        -> Claim?
    {
        let claims = held.all
        let kept = try store.renewLeases(of: claims, owner: owner, lease: lease, at: now)
        let (dropped, lost) = held.renewed(claims, kept: kept, until: now.addingTimeInterval(lease))
        if dropped > 0 {
            logger.warning(
                "claims taken over by another worker; not sending them",
                metadata: ["worker": "\(owner)", "claims": "\(dropped)"])
        }
        return lost
    }

    /// Returns claims not handed to a transport to the queue, so they need not wait for their lease.
    private func giveBack(_ claims: [Claim], owner: String, because reason: String, logger: Logger) {
        guard !claims.isEmpty else { return }
        let metadata: Logger.Metadata = ["worker": "\(owner)", "claims": "\(claims.count)", "reason": "\(reason)"]
        do {
            try store.release(claims, owner: owner)
            logger.info("claims not yet sent went back to the queue", metadata: metadata)
        } catch {
            logger.warning(
                "could not give claims back; they come back when their lease runs out",
                metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }

    /// Renders and sends one claimed message and records the outcome; returns the new status, or
    /// nil when the claim's lease ran out and another worker holds the message now.
    ///
    /// A campaign with several channels tries them in order from the claim's: a channel the
    /// customer has no address for, or is suppressed on, is passed over; one that refuses the
    /// recipient for good moves the occurrence to the next (written to the store first). Still one
    /// occurrence and one ledger row, which names the transport used and what the others answered.
    private func send(
        _ claim: Claim, owner: String, evaluator: CampaignEvaluator, facts: BatchFacts,
        transports: [String: any Transport], held: HeldClaims, mayBeOnTheServer: Bool, clock: any WallClock,
        logger: Logger
    ) async throws(StoreError) -> DeliveryStatus? {
        let now = clock.now
        var metadata: Logger.Metadata = [
            "campaign": "\(claim.campaignID)", "customer": "\(claim.customerID)", "occurrence": "\(claim.occurrence)",
            "attempt": "\(claim.attempt)",
        ]
        func finish(_ status: DeliveryStatus, _ reply: String, _ message: OutgoingMessage? = nil)
            throws(StoreError) -> DeliveryStatus?
        {
            try store.complete(claim, owner: owner, as: status, reply: reply, message: message, at: now)
                ? status : nil
        }
        guard let customer = facts.customers[claim.customerID] else {
            return try finish(.skipped, "the customer is no longer in the store")
        }
        guard evaluator.isEligible(customer) else {
            return try finish(.skipped, "unsubscribed or left the audience before it was sent")
        }
        let event = try store.triggeringEvent(of: claim.occurrence)
        let channels = evaluator.campaign.channels
        var index = min(claim.channel, channels.count - 1)
        var passedOver: [(transport: String, reason: String, suppressed: Bool)] = []
        var mayBeOnTheServer = mayBeOnTheServer
        // Why no channel took it: a single channel keeps its own reason, as before channels.
        func whyNot() -> String {
            channels.count == 1
                ? passedOver[passedOver.count - 1].reason
                : passedOver.map { "\($0.transport): \($0.reason)" }.joined(separator: "; ")
        }
        while true {
            guard index < channels.count else {
                let suppressed = passedOver.contains(where: \.suppressed)
                let reason = whyNot()
                if !suppressed { logger.warning("skipped", metadata: metadata.merging(["reason": "\(reason)"]) { $1 }) }
                return try finish(suppressed ? .suppressed : .skipped, reason)
            }
            let transportName = Self.transport(of: claim, channels: channels, index: index)
            if channels.count > 1 { metadata["channel"] = "\(transportName)" }
            let delivery: Delivery
            switch evaluator.delivery(
                for: customer, occurrence: claim.occurrence, at: now, channel: index, event: event)
            {
            case .success(let rendered): delivery = rendered
            case .failure(let unsendable):
                passedOver.append((transportName, unsendable.reason, false))
                index += 1
                continue
            }
            metadata["message_id"] = "\(delivery.message.messageID)"
            let address = delivery.message.to.address
            let suppression: Suppression?
            if let known = facts.suppression(of: claim, channel: index, address: address) {
                suppression = known.entry
            } else {
                suppression = try store.suppression(
                    of: address, orOnChannel: Self.channelAddress(transportName, address))
            }
            if let suppression {
                passedOver.append((transportName, "suppressed: \(suppression.reason)", true))
                if index + 1 == channels.count { return try finish(.suppressed, whyNot(), delivery.message) }
                index += 1
                continue
            }
            guard let transport = transports[transportName] else {
                logger.error("no such transport", metadata: metadata.merging(["transport": "\(transportName)"]) { $1 })
                return try retry(
                    claim, owner: owner, delivery, transport: transportName,
                    reply: "no transport named '\(transportName)'", at: now)
            }
            let throttle = throttles[transportName]
            await throttle?.acquire()
            // Last check before the message leaves: a worker whose lease ran out while it was busy
            // must not send what another worker has taken over.
            let holds: Bool
            do throws(StoreError) {
                holds = try stillHolds(held, owner: owner, at: clock.now, logger: logger)
            } catch {
                await throttle?.release()
                throw error
            }
            guard holds else {
                await throttle?.release()
                logger.warning("claim taken over by another worker; not sending it", metadata: metadata)
                return nil
            }
            if mayBeOnTheServer {
                logger.warning(
                    "sending again after a worker stopped mid-send: the server may already have it (same Message-ID)",
                    metadata: metadata)
            }
            let outcome: Result<TransportReceipt, TransportError>
            do throws(TransportError) {
                outcome = .success(try await transport.deliver(delivery.envelope))
            } catch {
                outcome = .failure(error)
            }
            await throttle?.release()
            switch outcome {
            case .success(let receipt):
                metadata["reply"] = "\(receipt.reply)"
                let recorded = await record(
                    claim, owner: owner, held: held, clock: clock, logger: logger, metadata: metadata
                ) {
                    owner throws(StoreError) in
                    try store.complete(
                        claim, owner: owner, as: .sent, reply: receipt.reply, message: delivery.message,
                        transport: transportName, at: now) ? .sent : nil
                }
                // Logged after the ledger write: a "sent" line means the ledger has it.
                if recorded != nil { logger.info("sent", metadata: metadata) }
                return recorded
            case .failure(let error) where error.code == .permanent && index + 1 < channels.count:
                metadata["reply"] = "\(error.reply)"
                logger.warning("refused on this channel; trying the next", metadata: metadata)
                try remember(refusal: error, of: delivery.message.to, on: transportName, at: now)
                guard
                    try store.moveToChannel(
                        claim, owner: owner, channel: index + 1, note: "\(transportName) \(address): \(error.reply)")
                else { return nil }
                passedOver.append((transportName, error.reply, false))
                // The next channel is another message to another address: no duplicate to warn of.
                mayBeOnTheServer = false
                index += 1
            case .failure(let error):
                metadata["reply"] = "\(error.reply)"
                if error.code == .permanent {
                    logger.error("failed", metadata: metadata)
                    return await record(
                        claim, owner: owner, held: held, clock: clock, logger: logger, metadata: metadata
                    ) {
                        owner throws(StoreError) in
                        try remember(refusal: error, of: delivery.message.to, on: transportName, at: now)
                        return try store.complete(
                            claim, owner: owner, as: .failed, reply: error.reply, message: delivery.message,
                            transport: transportName, at: now) ? .failed : nil
                    }
                }
                logger.warning("temporary failure", metadata: metadata)
                return await record(
                    claim, owner: owner, held: held, clock: clock, logger: logger, metadata: metadata
                ) {
                    owner throws(StoreError) in
                    try retry(
                        claim, owner: owner, delivery, transport: transportName, reply: error.reply,
                        retryAfter: error.retryAfter, at: now)
                }
            }
        }
    }

    /// Whether this worker still holds the claim `held` is sending. Known without asking the store
    /// while more than half its lease is left (set by the claim or the batch's last renewal);
    /// past that, the batch's leases are renewed first.
    private func stillHolds(_ held: HeldClaims, owner: String, at now: Date, logger: Logger) throws(StoreError)
        -> Bool
    {
        if held.isLeased(beyond: now.addingTimeInterval(lease / 2)) { return true }
        _ = try renewLeases(of: held, owner: owner, at: now, logger: logger)
        return held.isLeased(beyond: now)
    }

    /// The transport a claim goes by on channel `index`: a single-channel campaign's claim keeps
    /// the transport it was queued for.
    static func transport(of claim: Claim, channels: [CampaignChannel], index: Int) -> String {
        channels.count == 1 ? claim.transport ?? channels[0].transport : channels[index].transport
    }

    /// A channel's suppression entry: `zalo:+84912345678` once Zalo said this number cannot get
    /// its messages, so later occurrences go straight to the next channel while SMS still may use it.
    static func channelAddress(_ transport: String, _ address: String) -> String { "\(transport):\(address)" }

    /// Keeps a permanent refusal of the address: an email address the server says does not exist
    /// is suppressed everywhere; a phone a provider refuses (its `refused` codes) only on that
    /// channel.
    private func remember(refusal error: TransportError, of recipient: Recipient, on transport: String, at now: Date)
        throws(StoreError)
    {
        switch recipient {
        case .email:
            if let code = EnhancedStatusCode(reply: error.reply), code.isPermanentAddressFailure {
                try store.suppress([recipient.address], reason: "\(error.reply)", at: now)
            }
        case .phone:
            guard error.refusesRecipient else { return }
            try store.suppress([Self.channelAddress(transport, recipient.address)], reason: error.reply, at: now)
        }
    }

    /// Records what the transport answered. The server has the message now (or has refused it),
    /// so this outcome must not be lost to a store that fails for a while: the write is retried
    /// with backoff, keeping the lease, and the worker claims nothing new meanwhile — it gives its
    /// waiting claims back as soon as the store lets it, so other workers send them (a graceful
    /// shutdown waits for it within its bound). Only the process dying loses the outcome — the one
    /// duplicate the README allows.
    private func record(
        _ claim: Claim, owner: String, held: HeldClaims, clock: any WallClock, logger: Logger,
        metadata: Logger.Metadata, _ write: (String) throws(StoreError) -> DeliveryStatus?
    ) async -> DeliveryStatus? {
        var failures = 0
        var pause = Duration.milliseconds(100)
        var takenOver = 0
        while true {
            let current = inHand.outcomeOwner(of: claim.id) ?? owner
            do {
                if let status = try write(current) {
                    inHand.releaseOutcome(of: claim.id)
                    if failures > 0 {
                        logger.warning(
                            "outcome recorded after the store refused it",
                            metadata: metadata.merging(["failed_writes": "\(failures)"]) { $1 })
                    }
                    return status
                }
                // The row is under another claim. Before any failure that is a plain takeover; while
                // the outcome is held, a worker of this daemon adopts it at once (then write again
                // under its claim), and only another daemon's takeover outlasts the wait.
                guard failures > 0 else { return nil }
                takenOver += 1
                guard takenOver <= 50 else {
                    inHand.releaseOutcome(of: claim.id)
                    logger.error(
                        "another daemon took this message over while its outcome was being recorded; it may be sent twice",
                        metadata: metadata)
                    return nil
                }
                try? await Task.sleep(for: .milliseconds(100))
            } catch {
                if failures == 0 { inHand.holdOutcome(of: claim.id, owner: owner) }
                failures += 1
                logger.error(
                    "store write failed after the transport answered; keeping the outcome and trying again",
                    metadata: metadata.merging(["error": "\(error)", "retry_in": "\(pause)"]) { $1 })
                _ = try? store.renewLease(of: claim, owner: current, lease: lease, at: clock.now)
                let waiting = held.waiting
                if !waiting.isEmpty, (try? store.release(waiting, owner: owner)) != nil {
                    _ = held.takeAll()
                    logger.info(
                        "claims not yet sent went back to the queue while this worker records an outcome",
                        metadata: ["worker": "\(owner)", "claims": "\(waiting.count)"])
                }
                do {
                    try await Task.sleep(for: pause)
                } catch {
                    logger.error(
                        "outcome not recorded: the worker was cancelled; the message is sent again after its lease",
                        metadata: metadata)
                    return nil
                }
                pause = min(pause * 2, .seconds(5))
            }
        }
    }

    /// Schedules another attempt, or fails the message when that would be past the give-up age.
    private func retry(
        _ claim: Claim, owner: String, _ delivery: Delivery, transport: String, reply: String,
        retryAfter: RetryAfter? = nil, at now: Date
    ) throws(StoreError) -> DeliveryStatus? {
        if let next = retryPolicy.nextAttempt(
            after: claim.attempt, firstDue: claim.firstDue, retryAfter: retryAfter, at: now,
            jitter: Double.random(in: 0..<1))
        {
            return try store.complete(
                claim, owner: owner, as: .retrying, reply: reply, message: delivery.message, transport: transport,
                notBefore: next, at: now) ? .retrying : nil
        }
        return try store.complete(
            claim, owner: owner, as: .failed,
            reply: "gave up after \(claim.attempt) attempts over \(retryPolicy.giveUpAfter): \(reply)",
            message: delivery.message, transport: transport, at: now) ? .failed : nil
    }
}

/// The claims of a worker's batch: those waiting their turn, which a graceful shutdown gives back
/// to the queue while the message in flight finishes, and the one being sent; and until when
/// their lease holds, as the claim or the last renewal set it.
private final class HeldClaims: Sendable {
    private struct State {
        var waiting: [Claim] = []
        var current: Claim?
        /// The claim being sent was taken over by another worker: it must not go out.
        var currentLost = false
        var leasedUntil = Date.distantPast
    }

    private let state = Mutex(State())
    private let inHand: ClaimsInHand

    init(inHand: ClaimsInHand) {
        self.inHand = inHand
    }

    func hold(_ batch: [Claim], leasedUntil: Date) {
        state.withLock { $0 = State(waiting: batch, leasedUntil: leasedUntil) }
        inHand.markUnsent(batch.map(\.id))
    }

    /// The next claim to send, now no longer given back on shutdown.
    func next() -> Claim? {
        let claim = state.withLock { state in
            state.current = state.waiting.isEmpty ? nil : state.waiting.removeFirst()
            state.currentLost = false
            return state.current
        }
        if let claim { inHand.clearUnsent([claim.id]) }
        return claim
    }

    /// The claim being sent has its outcome (or was passed over): its lease is no longer kept.
    func sent() {
        state.withLock { $0.current = nil }
    }

    /// The claims still waiting, left in place.
    var waiting: [Claim] { state.withLock { $0.waiting } }

    /// Every claim whose lease the worker keeps: the waiting ones and the one being sent.
    var all: [Claim] { state.withLock { $0.waiting + ($0.current.map { [$0] } ?? []) } }

    func takeAll() -> [Claim] {
        let taken = state.withLock { state in
            defer { state.waiting = [] }
            return state.waiting
        }
        inHand.clearUnsent(taken.map(\.id))
        return taken
    }

    /// Whether the claim being sent is still this worker's, with its lease holding past `date`.
    func isLeased(beyond date: Date) -> Bool {
        state.withLock { !$0.currentLost && $0.leasedUntil > date }
    }

    /// After `renewed` had their leases extended `until`, of which the store kept only `kept`:
    /// forgets the waiting claims another worker took over, and returns how many, with the one
    /// being sent if it was taken over (the first time only).
    func renewed(_ renewed: [Claim], kept: Set<Int64>, until: Date) -> (dropped: Int, lost: Claim?) {
        let lost = Set(renewed.map(\.id)).subtracting(kept)
        let (dropped, current) = state.withLock { state -> ([Int64], Claim?) in
            state.leasedUntil = until
            let dropped = state.waiting.filter { lost.contains($0.id) }.map(\.id)
            state.waiting.removeAll { lost.contains($0.id) }
            guard let current = state.current, lost.contains(current.id), !state.currentLost else {
                return (dropped, nil)
            }
            state.currentLost = true
            return (dropped, current)
        }
        inHand.clearUnsent(dropped)
        return (dropped.count, current)
    }
}
