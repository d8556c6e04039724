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

    public init(
        store: Store, workers: [[String: any Transport]], retryPolicy: RetryPolicy = RetryPolicy(),
        lease: TimeInterval = 600, owner: String = "\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)"
    ) {
        self.store = store
        self.workers = workers
        self.retryPolicy = retryPolicy
        self.lease = lease
        self.owner = owner
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
                group.addTask {
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
        let waiting = UnsentClaims()
        let store = store
        await withGracefulShutdownHandler {
            while !Self.stopping {
                let claims: [Claim]
                do {
                    claims = try store.claimDue(
                        owner: owner, campaignIDs: Array(evaluators.keys), limit: batchSize, lease: lease,
                        at: clock.now)
                } catch {
                    logger.error("cannot claim messages", metadata: ["error": "\(error)"])
                    break
                }
                guard !claims.isEmpty else { break }
                waiting.hold(claims)
                while let claim = waiting.next() {
                    let now = clock.now
                    if Self.stopping {
                        giveBack([claim] + waiting.takeAll(), owner: owner, because: "stopping", logger: logger)
                        break
                    }
                    guard let evaluator = evaluators[claim.campaignID] else { continue }
                    do {
                        if let status = try await send(
                            claim, owner: owner, evaluator: evaluator, transports: transports, at: now, logger: logger)
                        {
                            report.count(status, of: claim.campaignID)
                            metrics?.recordDelivery(campaign: claim.campaignID, outcome: status.rawValue)
                        }
                    } catch {
                        logger.error(
                            "ledger write failed", metadata: ["error": "\(error)", "campaign": "\(claim.campaignID)"])
                    }
                }
            }
        } onGracefulShutdown: {
            // At once, not after the message in flight: a transport may hold that one until the
            // shutdown bound, and these must not wait for their lease.
            giveBack(waiting.takeAll(), owner: owner, because: "stopping", logger: logger)
        }
        return report
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
    private func send(
        _ claim: Claim, owner: String, evaluator: CampaignEvaluator, transports: [String: any Transport], at now: Date,
        logger: Logger
    ) async throws(StoreError) -> DeliveryStatus? {
        var metadata: Logger.Metadata = [
            "campaign": "\(claim.campaignID)", "customer": "\(claim.customerID)", "occurrence": "\(claim.occurrence)",
            "attempt": "\(claim.attempt)",
        ]
        func finish(_ status: DeliveryStatus, _ reply: String, _ message: OutgoingMessage? = nil, next: Date? = nil)
            throws(StoreError) -> DeliveryStatus?
        {
            try store.complete(
                claim, owner: owner, as: status, reply: reply, message: message, notBefore: next, at: now)
                ? status : nil
        }
        guard let customer = try store.customer(id: claim.customerID) else {
            return try finish(.skipped, "the customer is no longer in the store")
        }
        guard evaluator.isEligible(customer) else {
            return try finish(.skipped, "unsubscribed or left the audience before it was sent")
        }
        let delivery: Delivery
        switch evaluator.delivery(for: customer, occurrence: claim.occurrence, at: now) {
        case .success(let rendered): delivery = rendered
        case .failure(let unsendable):
            logger.warning("skipped", metadata: metadata.merging(["reason": "\(unsendable.reason)"]) { $1 })
            return try finish(.skipped, unsendable.reason)
        }
        metadata["message_id"] = "\(delivery.message.messageID)"
        if let suppression = try store.suppression(of: delivery.message.to.address.value) {
            return try finish(.suppressed, "suppressed: \(suppression.reason)", delivery.message)
        }
        let transportName = claim.transport ?? evaluator.campaign.transport
        guard let transport = transports[transportName] else {
            logger.error("no such transport", metadata: metadata.merging(["transport": "\(transportName)"]) { $1 })
            return try retry(claim, owner: owner, delivery, reply: "no transport named '\(transportName)'", at: now)
        }
        let throttle = throttles[transportName]
        await throttle?.acquire()
        // Last check before the message leaves: a worker whose lease ran out while it was busy
        // must not send what another worker has taken over.
        guard try store.renewLease(of: claim, owner: owner, lease: lease, at: now) else {
            await throttle?.release()
            logger.warning("claim taken over by another worker; not sending it", metadata: metadata)
            return nil
        }
        if claim.leaseExpired {
            logger.warning(
                "sending again after a worker stopped mid-send: the server may already have it (same Message-ID)",
                metadata: metadata)
        }
        let outcome: Result<TransportReceipt, TransportError>
        do {
            outcome = .success(try await transport.deliver(delivery.envelope))
        } catch {
            outcome = .failure(error)
        }
        await throttle?.release()
        switch outcome {
        case .success(let receipt):
            // Logged after the ledger write: a "sent" line means the ledger has it.
            let status = try finish(.sent, receipt.reply, delivery.message)
            logger.info("sent", metadata: metadata.merging(["reply": "\(receipt.reply)"]) { $1 })
            return status
        case .failure(let error):
            metadata["reply"] = "\(error.reply)"
            if error.code == .permanent {
                logger.error("failed", metadata: metadata)
                if let code = EnhancedStatusCode(reply: error.reply), code.isPermanentAddressFailure {
                    try store.suppress(
                        [delivery.message.to.address.value], reason: "\(error.reply)", at: now)
                }
                return try finish(.failed, error.reply, delivery.message)
            }
            logger.warning("temporary failure", metadata: metadata)
            return try retry(claim, owner: owner, delivery, reply: error.reply, retryAfter: error.retryAfter, at: now)
        }
    }

    /// Schedules another attempt, or fails the message when that would be past the give-up age.
    private func retry(
        _ claim: Claim, owner: String, _ delivery: Delivery, reply: String, retryAfter: RetryAfter? = nil,
        at now: Date
    ) throws(StoreError) -> DeliveryStatus? {
        if let next = retryPolicy.nextAttempt(
            after: claim.attempt, firstDue: claim.firstDue, retryAfter: retryAfter, at: now,
            jitter: Double.random(in: 0..<1))
        {
            return try store.complete(
                claim, owner: owner, as: .retrying, reply: reply, message: delivery.message, notBefore: next, at: now)
                ? .retrying : nil
        }
        return try store.complete(
            claim, owner: owner, as: .failed,
            reply: "gave up after \(claim.attempt) attempts over \(retryPolicy.giveUpAfter): \(reply)",
            message: delivery.message, at: now) ? .failed : nil
    }
}

/// The claims a worker holds but has not handed to a transport yet: what a graceful shutdown
/// gives back to the queue while the worker's message in flight finishes.
private final class UnsentClaims: Sendable {
    private let claims = Mutex<[Claim]>([])

    func hold(_ batch: [Claim]) {
        claims.withLock { $0 = batch }
    }

    /// The next claim to send, now no longer given back on shutdown.
    func next() -> Claim? {
        claims.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    }

    func takeAll() -> [Claim] {
        claims.withLock { claims in
            defer { claims = [] }
            return claims
        }
    }
}
