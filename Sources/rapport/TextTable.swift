/// Left-aligned columns for terminal output; long cells are cut so rows stay on one line.
///
/// `add` then `render` for a table held whole; for one too long to hold, `measure` every row, then
/// print `format(columns)` and `format(row)` for each row as it comes again.
struct TextTable {
    let columns: [String]
    private var rows: [[String]] = []
    private var widths: [Int]
    private let maxCellWidth = 60
    /// Keeps the last column whole (a server reply whose end says what to fix); it aligns nothing.
    private let wholeLastColumn: Bool

    init(columns: [String], wholeLastColumn: Bool = false) {
        self.columns = columns
        self.wholeLastColumn = wholeLastColumn
        widths = columns.map(\.count)
    }

    mutating func add(_ row: [String]) {
        let cells = cut(row)
        measure(cells)
        rows.append(cells)
    }

    /// Widens the columns to fit `row`, without keeping it.
    mutating func measure(_ row: [String]) {
        widths = zip(widths, cut(row)).map { max($0, $1.count) }
    }

    /// One line, padded to the widths measured so far.
    func format(_ row: [String]) -> String {
        cut(row).enumerated().map { index, cell in
            index == row.count - 1 ? cell : cell + String(repeating: " ", count: max(0, widths[index] - cell.count))
        }.joined(separator: "  ")
    }

    func render() -> String {
        ([columns] + rows).map(format).joined(separator: "\n") + "\n"
    }

    private func cut(_ row: [String]) -> [String] {
        row.enumerated().map { index, cell in
            let flat = cell.replacingControlCharacters()
            guard flat.count > maxCellWidth, !(wholeLastColumn && index == row.count - 1) else { return flat }
            return String(flat.prefix(maxCellWidth - 1)) + "…"
        }
    }
}

extension String {
    /// Server replies and reasons may span lines; a table row must not.
    func replacingControlCharacters() -> String {
        String(unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
    }
}
