public import Foundation
internal import GRDB
public import RapportCore

/// Everything the store holds about one customer, in one document: what an access request
/// ("what do you hold about me?") is answered with.
public struct CustomerRecord: Sendable, Encodable {
    public struct Profile: Sendable, Encodable {
        public var id: String
        public var email: String?
        public var phone: String?
        public var firstName: String?
        public var lastName: String?
        public var locale: String?
        public var timeZone: String?
        public var birthday: String?
        public var signedUpAt: Date?
        public var lastActiveAt: Date?
        public var renewalDate: String?
        public var subscription: String
        public var unsubscribedCategories: [String]
        public var attributes: [String: AttributeValue]
    }

    public struct Consent: Sendable, Encodable {
        public var at: Date
        public var subscription: String
        public var declined: [String]
        public var source: String
        public var byCustomer: Bool
        public var consent: String?
    }

    public struct Event: Sendable, Encodable {
        public var kind: String
        public var occurredAt: Date
        public var id: String?
        /// The event's properties as sent (a JSON object).
        public var properties: [String: AttributeValue]
    }

    public struct SurveyAnswer: Sendable, Encodable {
        public var campaignID: String
        public var occurrence: String
        public var score: Int
        public var comment: String?
        public var answeredAt: Date
    }

    public struct MessageEvent: Sendable, Encodable {
        public var campaignID: String
        public var occurrence: String
        public var kind: String
        public var url: String?
        public var at: Date
    }

    public var customer: Profile
    public var consent: [Consent]
    public var events: [Event]
    public var surveyAnswers: [SurveyAnswer]
    /// Every ledger row: what was sent, by which channel, and what became of it.
    public var messages: [LedgerEntry]
    /// Opens, clicks and unsubscribes recorded against those messages.
    public var messageEvents: [MessageEvent]
    /// Suppression entries of the customer's addresses (and of one channel's).
    public var suppressions: [Suppression]
}

extension Store {
    /// The customer's record, or nil when there is no such customer.
    public func customerRecord(id: String) throws(StoreError) -> CustomerRecord? {
        guard let customer = try customer(id: id) else { return nil }
        let messages = try ledger(LedgerFilter(customerID: id))
        return try perform {
            try engine.read { db in
                let attributes = customer.attributes
                let profile = CustomerRecord.Profile(
                    id: customer.id, email: customer.email, phone: customer.phone, firstName: customer.firstName,
                    lastName: customer.lastName, locale: customer.locale, timeZone: customer.timeZone,
                    birthday: customer.birthday?.description, signedUpAt: customer.signedUpAt,
                    lastActiveAt: customer.lastActiveAt, renewalDate: customer.renewalDate?.description,
                    subscription: customer.subscription.rawValue,
                    unsubscribedCategories: customer.unsubscribedCategories.map(\.rawValue).sorted(),
                    attributes: attributes)
                let consent = try db.fetchAll(
                    sql: "SELECT * FROM consent_changes WHERE customer_id = ? ORDER BY at, id", arguments: [id]
                ).map { row in
                    let change = Self.consentChange(row)
                    return CustomerRecord.Consent(
                        at: change.at, subscription: change.subscription.rawValue,
                        declined: change.declined.map(\.rawValue).sorted(), source: change.source,
                        byCustomer: change.byCustomer, consent: change.consent)
                }
                let events = try db.fetchAll(
                    sql: "SELECT * FROM events WHERE customer_id = ? ORDER BY occurred_at, id", arguments: [id]
                ).map { row in
                    CustomerRecord.Event(
                        kind: row["kind"], occurredAt: row["occurred_at"], id: row["external_id"],
                        properties: Self.eventProperties(row))
                }
                let answers = try db.fetchAll(
                    sql: "SELECT * FROM nps_answers WHERE customer_id = ? ORDER BY answered_at", arguments: [id]
                ).map {
                    CustomerRecord.SurveyAnswer(
                        campaignID: $0["campaign_id"], occurrence: $0["occurrence"], score: $0["score"],
                        comment: $0["comment"], answeredAt: $0["answered_at"])
                }
                let messageEvents = try db.fetchAll(
                    sql: "SELECT * FROM message_events WHERE customer_id = ? ORDER BY at, id", arguments: [id]
                ).map {
                    CustomerRecord.MessageEvent(
                        campaignID: $0["campaign_id"], occurrence: $0["occurrence"], kind: $0["kind"], url: $0["url"],
                        at: $0["at"])
                }
                let addresses = [customer.email, customer.phone].compactMap { $0 }.filter { !$0.isEmpty }
                var suppressions: [Suppression] = []
                for address in addresses {
                    suppressions += try db.fetchAll(
                        sql: "SELECT * FROM suppressions WHERE \(Self.addressOrOnAnyChannel(dialect))",
                        arguments: [address]
                    ).map { Suppression(address: $0["address"], reason: $0["reason"], createdAt: $0["created_at"]) }
                }
                return CustomerRecord(
                    customer: profile, consent: consent, events: events, surveyAnswers: answers, messages: messages,
                    messageEvents: messageEvents, suppressions: suppressions)
            }
        }
    }
}
