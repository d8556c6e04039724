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

extension Store {
    /// Applies a whole ingest request in one transaction, or none of it, and keeps its answer under
    /// the idempotency key in the same transaction, so a crash can never apply a request without
    /// remembering it. `client` names the API client in the consent history. `reply` turns the
    /// summary into the answer to send and keep.
    public func ingest(
        _ change: IngestChange, client: String, idempotency: IdempotencyClaim?, at now: Date,
        reply: (IngestSummary) -> IngestReply
    ) throws(StoreError) -> IngestResult {
        struct Rollback: Error {
            var rejection: IngestRejection
        }
        return try perform {
            do {
                return try writer.write { db -> IngestResult in
                    if let claim = idempotency,
                        let row = try Row.fetchOne(
                            db,
                            sql:
                                "SELECT fingerprint, status, response FROM ingest_requests WHERE client = ? AND idempotency_key = ?",
                            arguments: [claim.client, claim.key])
                    {
                        guard row["fingerprint"] == claim.fingerprint else { return .keyReused }
                        return .replayed(IngestReply(status: row["status"], body: row["response"]))
                    }
                    var summary = IngestSummary()
                    switch change {
                    case .customers(let patches):
                        for (index, patch) in patches.enumerated() {
                            switch try Self.apply(patch, at: now, source: "API client \(client)", in: db) {
                            case .inserted: summary.customersCreated += 1
                            case .updated: summary.customersUpdated += 1
                            case .needsAddress:
                                throw Rollback(
                                    rejection: IngestRejection(
                                        field: patches.count == 1 ? "email" : "customers[\(index)].email",
                                        reason:
                                            "an email or a phone is required for a new customer ('\(patch.id)' is not in the store)"
                                    ))
                            }
                        }
                    case .events(let events):
                        for (index, event) in events.enumerated() {
                            switch try Self.insert(event, at: now, in: db) {
                            case .recorded: summary.eventsRecorded += 1
                            case .duplicate: summary.eventsDuplicate += 1
                            case .unknownCustomer:
                                throw Rollback(
                                    rejection: IngestRejection(
                                        field: events.count == 1 ? "customer" : "events[\(index)].customer",
                                        reason:
                                            "no customer '\(event.customerID)' in the store; create it first with PUT /v1/customers/{id}"
                                    ))
                            }
                        }
                    }
                    let answer = reply(summary)
                    if let claim = idempotency {
                        try db.execute(
                            sql: """
                                INSERT INTO ingest_requests (client, idempotency_key, fingerprint, status, response, created_at)
                                VALUES (?, ?, ?, ?, ?, ?)
                                """,
                            arguments: [claim.client, claim.key, claim.fingerprint, answer.status, answer.body, now])
                    }
                    return .applied(answer)
                }
            } catch let rollback as Rollback {
                return .rejected(rollback.rejection)
            }
        }
    }
}
