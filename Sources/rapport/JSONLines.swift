import Foundation
import RapportCore

/// The one JSON convention of `--json`: one compact object per line, keys in snake_case and
/// sorted, instants as ISO 8601 with the offset of the zone the command prints times in — the
/// names the HTTP API uses, so a script reads every source the same way.
enum JSONLines {
    static func encode(_ value: some Encodable, times: ReadableTime = .utc) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(times.iso(date))
        }
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
