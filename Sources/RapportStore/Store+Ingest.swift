public import Foundation
internal import GRDB
public import RapportCore

/// What an ingest request asks the store to change.
public enum IngestChange: Sendable {
    case customers([CustomerPatch])
    case events([CustomerEvent])
}

/// How an applied ingest request changed the store.
public struct IngestSummary: Sendable, Equatable {
    public var customersCreated = 0
    public var customersUpdated = 0
    public var eventsRecorded = 0
    /// Events whose id was already stored: sending the same event twice changes nothing.
    public var eventsDuplicate = 0

    public init() {}
}

/// The answer sent for an applied request, kept with its `Idempotency-Key` so a repeat gets it again.
public struct IngestReply: Sendable, Equatable {
    public var status: Int
    public var body: String

    public init(status: Int, body: String) {
        self.status = status
        self.body = body
    }
}

/// An `Idempotency-Key` as one API client sent it, with a fingerprint of the request it came with.
public struct IdempotencyClaim: Sendable, Equatable {
    /// The API token's name: keys of different clients never collide.
    public var client: String
    public var key: String
    /// A digest of method, path and body: the same key with another request is refused.
    public var fingerprint: String

    public init(client: String, key: String, fingerprint: String) {
        self.client = client
        self.key = key
        self.fingerprint = fingerprint
    }
}

public enum IngestResult: Sendable, Equatable {
    case applied(IngestReply)
    /// The key was seen with the same request: its first answer, nothing applied again.
    case replayed(IngestReply)
    /// The key was seen with a different request.
    case keyReused
    /// Nothing applied: an item refers to a customer the store does not know, or creates one
    /// with neither an email nor a phone.
    case rejected(IngestRejection)
}

/// One ingest request for a shared transaction: the change, its idempotency claim, when it
/// arrived, and how to turn the summary into the answer to send and keep.
public struct IngestRequest: Sendable {
    public var change: IngestChange
    /// The API client, named as the source of consent changes.
    public var client: String
    public var idempotency: IdempotencyClaim?
    public var receivedAt: Date
    public var reply: @Sendable (IngestSummary) -> IngestReply

    public init(
        change: IngestChange, client: String, idempotency: IdempotencyClaim?, receivedAt: Date,
        reply: @escaping @Sendable (IngestSummary) -> IngestReply
    ) {
        self.change = change
        self.client = client
        self.idempotency = idempotency
        self.receivedAt = receivedAt
        self.reply = reply
    }
}

extension Store {
    /// Applies ingest requests in one transaction, each in its own savepoint: each is applied
    /// whole or not at all, a rejected one rolling back only itself, and keeps its answer under
    /// its idempotency key in the same savepoint, so a crash can never apply a request without
    /// remembering it. Returns one result per request, in order; nothing is committed until this
    /// returns, so no answer may be sent before. A request that fails on its own (a constraint,
    /// say) fails alone; a transaction that cannot commit throws for all.
    public func ingest(_ requests: [IngestRequest]) throws(StoreError) -> [Result<IngestResult, StoreError>] {
        try perform {
            try engine.write { db in
                requests.map { request -> Result<IngestResult, StoreError> in
                    var result = IngestResult.keyReused
                    do {
                        try db.inSavepoint { result = try Self.apply(request, in: db) }
                        return .success(result)
                    } catch let rollback as IngestRollback {
                        return .success(.rejected(rollback.rejection))
                    } catch {
                        return .failure(StoreError(path: path, message: "\(error)"))
                    }
                }
            }
        }
    }

    /// Thrown inside a request's savepoint to undo it and answer with the rejection.
    private struct IngestRollback: Error {
        var rejection: IngestRejection
    }

    private static func apply(_ request: IngestRequest, in db: any StoreSession) throws -> IngestResult {
        let now = request.receivedAt
        if let claim = request.idempotency,
            let row = try db.fetchOne(
                sql:
                    "SELECT fingerprint, status, response FROM ingest_requests WHERE client = ? AND idempotency_key = ?",
                arguments: [claim.client, claim.key])
        {
            guard row["fingerprint"] == claim.fingerprint else { return .keyReused }
            return .replayed(IngestReply(status: row["status"], body: row["response"]))
        }
        var summary = IngestSummary()
        switch request.change {
        case .customers(let patches):
            for (index, patch) in patches.enumerated() {
                switch try apply(patch, at: now, source: "API client \(request.client)", in: db) {
                case .inserted: summary.customersCreated += 1
                case .updated: summary.customersUpdated += 1
                case .needsAddress:
                    throw IngestRollback(
                        rejection: IngestRejection(
                            field: patches.count == 1 ? "email" : "customers[\(index)].email",
                            reason:
                                "an email or a phone is required for a new customer ('\(patch.id)' is not in the store)"
                        ))
                }
            }
        case .events(let events):
            for (index, event) in events.enumerated() {
                switch try insert(event, at: now, in: db) {
                case .recorded: summary.eventsRecorded += 1
                case .duplicate: summary.eventsDuplicate += 1
                case .unknownCustomer:
                    throw IngestRollback(
                        rejection: IngestRejection(
                            field: events.count == 1 ? "customer" : "events[\(index)].customer",
                            reason:
                                "no customer '\(event.customerID)' in the store; create it first with PUT /v1/customers/{id}"
                        ))
                }
            }
        }
        let answer = request.reply(summary)
        if let claim = request.idempotency {
            try db.execute(
                sql: """
                    INSERT INTO ingest_requests (client, idempotency_key, fingerprint, status, response, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [claim.client, claim.key, claim.fingerprint, answer.status, answer.body, now])
        }
        return .applied(answer)
    }
}
