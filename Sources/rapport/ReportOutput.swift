import Foundation

/// One report section's rows, printed as an aligned table (people), CSV (spreadsheets) or JSON
/// Lines (tools). A section with several tables names each in a first `table` column in CSV and
/// JSON, so one stream stays one shape.
struct ReportOutput {
    enum Format {
        case table
        case csv
        case json
    }

    enum Cell {
        case text(String)
        case integer(Int)
        /// Shown with `decimals` places; nil is an empty cell (JSON null): no data, not zero.
        case number(Double?, decimals: Int)

        var display: String {
            switch self {
            case .text(let text): text
            case .integer(let value): String(value)
            case .number(let value, let decimals): value.map { String(format: "%.\(decimals)f", $0) } ?? "–"
            }
        }

        var csv: String {
            switch self {
            case .text(let text):
                text.contains(where: { ",\"\n\r".contains($0) })
                    ? "\"\(text.replacingOccurrences(of: "\"", with: "\"\""))\"" : text
            case .number(nil, _): ""
            default: display
            }
        }

        var json: Any {
            switch self {
            case .text(let text): text
            case .integer(let value): value
            case .number(let value, _): value.map { $0 as Any } ?? NSNull()
            }
        }
    }

    struct Table {
        var name: String
        var title: String
        var columns: [String]
        var rows: [[Cell]] = []
    }

    var format: Format
    var tables: [Table] = []

    func render() -> String {
        switch format {
        case .table:
            return tables.map { table in
                var text = TextTable(columns: table.columns)
                for row in table.rows { text.add(row.map(\.display)) }
                return "\(table.title)\n\n" + text.render()
            }.joined(separator: "\n")
        case .csv:
            let named = tables.count > 1
            let header = ((named ? ["table"] : []) + (tables.first?.columns ?? [])).joined(separator: ",")
            var lines = [header]
            for table in tables {
                if named && table.name != tables.first?.name {
                    lines.append((["table"] + table.columns).joined(separator: ","))
                }
                for row in table.rows {
                    lines.append(((named ? [Cell.text(table.name)] : []) + row).map(\.csv).joined(separator: ","))
                }
            }
            return lines.joined(separator: "\n") + "\n"
        case .json:
            return tables.flatMap { table in
                table.rows.map { row in
                    var object: [String: Any] = tables.count > 1 ? ["table": table.name] : [:]
                    for (column, cell) in zip(table.columns, row) { object[column] = cell.json }
                    let data = try? JSONSerialization.data(
                        withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                    return String(decoding: data ?? Data(), as: UTF8.self)
                }
            }.joined(separator: "\n") + "\n"
        }
    }
}
