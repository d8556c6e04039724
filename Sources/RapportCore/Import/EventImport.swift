import Foundation

/// Reads events from JSON Lines, one object per line:
/// `{"customer": "C001", "kind": "purchase", "at": "2026-11-20T09:30:00+07:00", "id": "order-1042",
/// "properties": {"amount": 350000}}`. Bad lines are named with the reason; good ones are kept.
public enum EventImport {
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var event: CustomerEvent
    }

    public struct Result: Sendable, Equatable {
        public var rows: [Row] = []
        public var rejections: [CustomerImport.Rejection] = []
    }

    private struct Line: Decodable {
        var customer: String?
        var kind: String?
        var at: String?
        var id: String?
        var properties: [String: AttributeValue?]?
    }

    public static func parse(_ text: String) -> Result {
        var result = Result()
        var number = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            guard !line.trimmingCharactersInWhitespace().isEmpty else { continue }
            func reject(_ reason: String) { result.rejections.append(.init(line: number, reason: reason)) }
            guard let object = try? JSONDecoder().decode(Line.self, from: Data(line.utf8)) else {
                reject(
                    "is not a JSON object with customer, kind, at, and optional id and properties (text, numbers, true/false)"
                )
                continue
            }
            guard let customer = object.customer?.trimmingCharactersInWhitespace(), !customer.isEmpty else {
                reject("customer: is required")
                continue
            }
            guard let kind = object.kind?.trimmingCharactersInWhitespace(), !kind.isEmpty else {
                reject("kind: is required, e.g. purchase or activity")
                continue
            }
            guard let at = object.at, let occurredAt = Timestamp.parse(at) else {
                reject("at: '\(object.at ?? "")' is not an ISO 8601 time with offset, e.g. 2026-11-20T09:30:00+07:00")
                continue
            }
            let event = CustomerEvent(
                customerID: customer, kind: kind, occurredAt: occurredAt, externalID: object.id,
                properties: (object.properties ?? [:]).compactMapValues { $0 })
            result.rows.append(Row(line: number, event: event))
        }
        return result
    }
}
