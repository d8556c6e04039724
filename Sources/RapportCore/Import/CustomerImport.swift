import Foundation

/// Reads a customer export — CSV with a header row, or JSON Lines — into patches, keeping every
/// good row and naming the line and the reason of every bad one.
public enum CustomerImport {
    public enum Format: String, Sendable, CaseIterable {
        case csv
        case jsonl
    }

    public struct Row: Sendable, Equatable {
        public var line: Int
        public var patch: CustomerPatch
    }

    public struct Rejection: Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String

        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }

        public var description: String { "line \(line): \(reason)" }
    }

    public struct Result: Sendable, Equatable {
        public var rows: [Row] = []
        public var rejections: [Rejection] = []
    }

    /// The format a file name implies: `.csv`, else JSON Lines for `.jsonl`, `.ndjson`, `.json`.
    public static func format(forFileName name: String) -> Format? {
        switch name.split(separator: ".").last?.lowercased() {
        case "csv": .csv
        case "jsonl", "ndjson", "json": .jsonl
        default: nil
        }
    }

    public static func parse(_ text: String, format: Format) -> Result {
        switch format {
        case .csv: parseCSV(text)
        case .jsonl: parseJSONLines(text)
        }
    }

    static func parseCSV(_ text: String) -> Result {
        var result = Result()
        var header: [String]?
        for record in CSVRecords(text) {
            switch record {
            case .failure(let malformed):
                result.rejections.append(Rejection(line: malformed.line, reason: malformed.message))
            case .success(let record):
                guard let columns = header else {
                    header = record.fields.map { $0.trimmingCharactersInWhitespace().lowercased() }
                    if !(header ?? []).contains("id") {
                        result.rejections.append(
                            Rejection(line: record.line, reason: "the header row has no 'id' column"))
                        return result
                    }
                    continue
                }
                guard record.fields.count == columns.count else {
                    result.rejections.append(
                        Rejection(
                            line: record.line,
                            reason: "has \(record.fields.count) fields, the header has \(columns.count)"))
                    continue
                }
                var row: [String: AttributeValue] = [:]
                for (column, value) in zip(columns, record.fields) { row[column] = .string(value) }
                append(row, line: record.line, to: &result)
            }
        }
        return result
    }

    static func parseJSONLines(_ text: String) -> Result {
        var result = Result()
        var lineNumber = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            guard !line.trimmingCharactersInWhitespace().isEmpty else { continue }
            guard let object = try? JSONDecoder().decode([String: AttributeValue?].self, from: Data(line.utf8)) else {
                result.rejections.append(
                    Rejection(line: lineNumber, reason: "is not a JSON object of text, number and true/false values"))
                continue
            }
            let row = object.compactMapValues { $0 }
            append(row, line: lineNumber, to: &result)
        }
        return result
    }

    static func append(_ row: [String: AttributeValue], line: Int, to result: inout Result) {
        do {
            result.rows.append(Row(line: line, patch: try CustomerRow.patch(from: row)))
        } catch {
            result.rejections.append(Rejection(line: line, reason: error.description))
        }
    }
}
