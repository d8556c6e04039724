public import Foundation

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

    /// The rows of `file`, dates checked at `now`. A row whose id an earlier row already gave is refused, naming that
    /// line: two rows for one customer in one file are a mistake only the sender can settle.
    public static func parse(_ file: ImportText, format: Format, now: Date, countryCode: Int) -> Result {
        var result =
            switch format {
            case .csv: parseCSV(file, now: now, countryCode: countryCode)
            case .jsonl: parseJSONLines(file, now: now, countryCode: countryCode)
            }
        var positions = CustomerIDPositions()
        var unique: [Row] = []
        for row in result.rows {
            if let first = positions.record(row.patch.id, at: row.line) {
                result.rejections.append(
                    Rejection(line: row.line, reason: "id: '\(row.patch.id)' already appears on line \(first)"))
            } else {
                unique.append(row)
            }
        }
        result.rows = unique
        return result
    }

    static func parseCSV(_ file: ImportText, now: Date, countryCode: Int) -> Result {
        var result = Result()
        var header: [String]?
        let invalid = file.invalidLineNumbers
        for record in CSVRecords(file.joined) {
            switch record {
            case .failure(let malformed):
                result.rejections.append(Rejection(line: malformed.line, reason: malformed.message))
            case .success(let record):
                if let bad = (record.line...record.lastLine).first(where: invalid.contains) {
                    result.rejections.append(Rejection(line: bad, reason: ImportText.invalidUTF8))
                    if header == nil { return result }
                    continue
                }
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
                append(row, line: record.line, now: now, countryCode: countryCode, to: &result)
            }
        }
        return result
    }

    static func parseJSONLines(_ file: ImportText, now: Date, countryCode: Int) -> Result {
        var result = Result()
        for line in file.lines where !line.text.trimmingCharactersInWhitespace().isEmpty {
            guard line.isValidUTF8 else {
                result.rejections.append(Rejection(line: line.number, reason: ImportText.invalidUTF8))
                continue
            }
            do throws(IngestRejection) {
                guard case .object(let object) = try JSONValue.parse(Data(line.text.utf8), as: "the line") else {
                    throw IngestRejection(field: "", reason: "the line is not a JSON object of customer fields")
                }
                var row: [String: AttributeValue] = [:]
                for (name, value) in object.sorted(by: { $0.key < $1.key }) where value != .null {
                    guard let attribute = value.attributeValue else {
                        throw IngestRejection(
                            field: name, reason: "is \(value.kindName); give text, a number or true/false")
                    }
                    row[name] = attribute
                }
                append(row, line: line.number, now: now, countryCode: countryCode, to: &result)
            } catch {
                result.rejections.append(Rejection(line: line.number, reason: error.description))
            }
        }
        return result
    }

    static func append(
        _ row: [String: AttributeValue], line: Int, now: Date, countryCode: Int, to result: inout Result
    ) {
        do {
            result.rows.append(Row(line: line, patch: try CustomerRow.patch(from: row, now: now, countryCode: countryCode)))
        } catch {
            result.rejections.append(Rejection(line: line, reason: error.description))
        }
    }
}
