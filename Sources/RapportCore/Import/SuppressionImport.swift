/// Reads addresses for the suppression list: one per line (blank lines and `#` comments
/// ignored), or CSV whose header row has an `email` or `phone` column — and optionally a `reason`
/// column — as bounce, complaint and SMS opt-out exports come. Every good address is kept (phone
/// numbers in E.164); every bad line is named with the reason.
public enum SuppressionImport {
    public struct Row: Sendable, Equatable {
        public var line: Int
        /// As stored: an email address or an E.164 number.
        public var address: String
        /// From a `reason` column; nil when there is none or it is empty.
        public var reason: String?
    }

    public struct Result: Sendable, Equatable {
        public var rows: [Row] = []
        public var rejections: [CustomerImport.Rejection] = []
    }

    /// National phone numbers (leading 0) take `countryCode`.
    public static func parse(_ text: String, countryCode: Int) -> Result {
        var records = CSVRecords(text).makeIterator()
        // A first line naming an `email` column, or with several fields, makes the file CSV.
        guard case .success(let first)? = records.next() else { return parseList(text, countryCode: countryCode) }
        let header = first.fields.map { $0.trimmingCharactersInWhitespace().lowercased() }
        if header.contains("email") || header.contains("phone") { return parseCSV(text, countryCode: countryCode) }
        guard header.count == 1 else {
            var result = Result()
            result.rejections.append(
                .init(line: first.line, reason: "the CSV header row has no 'email' or 'phone' column"))
            return result
        }
        return parseList(text, countryCode: countryCode)
    }

    static func parseList(_ text: String, countryCode: Int) -> Result {
        var result = Result()
        var number = 0
        // "\r\n" is one Character, so a CRLF file splits here too.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            var trimmed = line.trimmingCharactersInWhitespace()
            if number == 1, trimmed.hasPrefix("\u{FEFF}") { trimmed.removeFirst() }
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            append(trimmed, reason: nil, line: number, countryCode: countryCode, to: &result)
        }
        return result
    }

    static func parseCSV(_ text: String, countryCode: Int) -> Result {
        var result = Result()
        var header: [String]?
        for record in CSVRecords(text) {
            switch record {
            case .failure(let malformed):
                result.rejections.append(.init(line: malformed.line, reason: malformed.message))
            case .success(let record):
                guard let columns = header else {
                    header = record.fields.map { $0.trimmingCharactersInWhitespace().lowercased() }
                    continue
                }
                guard record.fields.count == columns.count else {
                    result.rejections.append(
                        .init(
                            line: record.line,
                            reason: "has \(record.fields.count) fields, the header has \(columns.count)"))
                    continue
                }
                let row = Dictionary(zip(columns, record.fields), uniquingKeysWith: { first, _ in first })
                let reason = row["reason"]?.trimmingCharactersInWhitespace()
                let email = row["email"]?.trimmingCharactersInWhitespace() ?? ""
                append(
                    email.isEmpty ? row["phone"] ?? "" : email, reason: reason?.isEmpty == false ? reason : nil,
                    line: record.line, countryCode: countryCode, to: &result)
            }
        }
        return result
    }

    private static func append(
        _ raw: String, reason: String?, line: Int, countryCode: Int, to result: inout Result
    ) {
        do {
            result.rows.append(
                Row(line: line, address: try ContactAddress.normalised(raw, countryCode: countryCode), reason: reason))
        } catch {
            result.rejections.append(.init(line: line, reason: "\(raw.contains("@") ? "email" : "address"): \(error)"))
        }
    }
}
