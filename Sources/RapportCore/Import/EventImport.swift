public import Foundation

/// Reads events from JSON Lines, one object per line:
/// `{"customer": "C001", "kind": "purchase", "at": "2026-11-20T09:30:00+07:00", "id": "order-1042",
/// "properties": {"amount": 350000}}`. Each line passes `EventSubmission`, the check the ingest
/// API applies, with `at` required. Bad lines are named with the reason; good ones are kept.
public enum EventImport {
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var event: CustomerEvent
    }

    public struct Result: Sendable, Equatable {
        public var rows: [Row] = []
        public var rejections: [CustomerImport.Rejection] = []
    }

    /// The events of `file`, checked as at `now` (no occurrence more than a day after it).
    public static func parse(_ file: ImportText, now: Date) -> Result {
        var result = Result()
        for line in file.lines where !line.text.trimmingCharactersInWhitespace().isEmpty {
            guard line.isValidUTF8 else {
                result.rejections.append(.init(line: line.number, reason: ImportText.invalidUTF8))
                continue
            }
            do throws(IngestRejection) {
                let object = try JSONValue.parse(Data(line.text.utf8), as: "the line")
                let event = try EventSubmission.event(from: object, receivedAt: now, defaultTime: nil)
                result.rows.append(Row(line: line.number, event: event))
            } catch {
                result.rejections.append(.init(line: line.number, reason: error.description))
            }
        }
        return result
    }
}
