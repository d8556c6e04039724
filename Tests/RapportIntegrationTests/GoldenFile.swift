import Foundation
import Testing

/// A command's whole output compared with a stored file under `Fixtures/golden`, as
/// swift-argument-parser's snapshot helpers do. `RAPPORT_RECORD_GOLDEN=1 swift test --filter
/// GoldenOutput` writes the files instead, for a change of output that is meant: read the diff
/// before committing it.
enum GoldenFile {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/golden")

    static func check(_ output: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RAPPORT_RECORD_GOLDEN"] == "1" {
            try output.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(
            output == expected, "\(name) differs from the golden file:\n\(difference(expected, output))",
            sourceLocation: sourceLocation)
    }

    /// The lines only the golden file has (`-`) and only the output has (`+`).
    private static func difference(_ expected: String, _ output: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return new.difference(from: old).map { change in
            switch change {
            case .insert(_, let line, _): "+ \(line)"
            case .remove(_, let line, _): "- \(line)"
            }
        }.joined(separator: "\n")
    }
}
