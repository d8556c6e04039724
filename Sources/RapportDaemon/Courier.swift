public import Foundation
public import Logging
public import RapportCore
public import RapportStore

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
    public func deliverDue(evaluators: [String: CampaignEvaluator], at now: Date, logger: Logger) async -> TickReport {
        await withTaskGroup(of: TickReport.self) { group in
            for (index, transports) in workers.enumerated() {
                group.addTask {
                    await work(
                        owner: "\(owner)/\(index)", transports: transports, evaluators: evaluators, at: now,
                        logger: logger)
                }
            }
            var report = TickReport()
            for await part in group { report.merge(part) }
            return report
        }
    }

    private func work(
        owner: String, transports: [String: any Transport], evaluators: [String: CampaignEvaluator], at now: Date,
        logger: Logger
    ) async -> TickReport {
        var report = TickReport()
        while !Task.isCancelled {
            let claims: [Claim]
            do {
                claims = try store.claimDue(
                    owner: owner, campaignIDs: Array(evaluators.keys), limit: batchSize, lease: lease, at: now)
            } catch {
                logger.error("cannot claim messages", metadata: ["error": "\(error)"])
                break
            }
            guard !claims.isEmpty else { break }
            for (index, claim) in claims.enumerated() {
                if Task.isCancelled {
                    // Shutting down: what was not handed over goes back to the queue now.
                    try? store.release(Array(claims[index...]), owner: owner)
                    break
                }
                guard let evaluator = evaluators[claim.campaignID] else { continue }
                do {
                    let status = try await send(
                        claim, owner: owner, evaluator: evaluator, transports: transports, at: now, logger: logger)
                    report.count(status, of: claim.campaignID)
                } catch {
                    logger.error(
                        "ledger write failed", metadata: ["error": "\(error)", "campaign": "\(claim.campaignID)"])
                }
            }
        }
        return report
    }

    /// Renders and sends one claimed message and records the outcome; returns the new status.
    private func send(
        _ claim: Claim, owner: String, evaluator: CampaignEvaluator, transports: [String: any Transport], at now: Date,
        logger: Logger
    ) async throws(StoreError) -> DeliveryStatus {
        var metadata: Logger.Metadata = [
            "campaign": "\(claim.campaignID)", "customer": "\(claim.customerID)", "occurrence": "\(claim.occurrence)",
            "attempt": "\(claim.attempt)",
        ]
        func finish(_ status: DeliveryStatus, _ reply: String, _ message: OutgoingMessage? = nil, next: Date? = nil)
            throws(StoreError) -> DeliveryStatus
        {
            try store.complete(
                claim, owner: owner, as: status, reply: reply, message: message, notBefore: next, at: now)
            return status
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
        switch outcome {
        case .success(let receipt):
            logger.info("sent", metadata: metadata.merging(["reply": "\(receipt.reply)"]) { $1 })
            return try finish(.sent, receipt.reply, delivery.message)
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
    ) throws(StoreError) -> DeliveryStatus {
        if let next = retryPolicy.nextAttempt(
            after: claim.attempt, firstDue: claim.firstDue, retryAfter: retryAfter, at: now,
            jitter: Double.random(in: 0..<1))
        {
            try store.complete(
                claim, owner: owner, as: .retrying, reply: reply, message: delivery.message, notBefore: next, at: now)
            return .retrying
        }
        try store.complete(
            claim, owner: owner, as: .failed,
            reply: "gave up after \(claim.attempt) attempts over \(retryPolicy.giveUpAfter): \(reply)",
            message: delivery.message, at: now)
        return .failed
    }
}
