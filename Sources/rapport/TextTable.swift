/// Left-aligned columns for terminal output; long cells are cut so rows stay on one line.
struct TextTable {
    let columns: [String]
    private var rows: [[String]] = []
    private let maxCellWidth = 60
    /// Keeps the last column whole (a server reply whose end says what to fix); it aligns nothing.
    private let wholeLastColumn: Bool

    init(columns: [String], wholeLastColumn: Bool = false) {
        self.columns = columns
        self.wholeLastColumn = wholeLastColumn
    }

    mutating func add(_ row: [String]) {
        rows.append(
            row.enumerated().map { index, cell in
                let flat = cell.replacingControlCharacters()
                guard flat.count > maxCellWidth, !(wholeLastColumn && index == row.count - 1) else { return flat }
                return String(flat.prefix(maxCellWidth - 1)) + "…"
            })
    }

    func render() -> String {
        let all = [columns] + rows
        let widths = columns.indices.map { index in all.map { $0[index].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}

extension String {
    /// Server replies and reasons may span lines; a table row must not.
    func replacingControlCharacters() -> String {
        String(unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
    }
}
