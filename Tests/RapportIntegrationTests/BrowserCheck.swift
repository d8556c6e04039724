import Foundation
import RapportTestSupport

/// One page opened, screenshotted, filled in with the keyboard and submitted in headless
/// Chromium by `Fixtures/browser_check.py` (Debian's chromium, chromium-driver, python3-selenium).
struct BrowserCheck: Decodable {
    var title: String
    var lang: String
    var before: String
    var after: String
    var labelled: Bool
    /// Cookies the site set: none, it works without them.
    var cookies: Int
    /// `view` only: each chart's id and how many marks it draws.
    var charts: [String: Int]?
    /// `view` only: resources the page fetched.
    var resources: Int?
    /// `view` only: each chart's texts in document order.
    var texts: [String: [String]]?
    /// `view` only: pairs of texts in one chart whose boxes overlap.
    var overlaps: [String]?
    /// `view` only: texts contrasting less than 4.5:1 with what lies under them.
    var lowContrast: [String]?

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/browser_check.py")

    /// `action` is `nps` with the comment to type, `unsubscribe` with the category to untick, or
    /// `view` (argument unused) to only open the page and count its charts' marks.
    static func run(url: String, screenshot: URL, action: String, argument: String) async throws -> BrowserCheck {
        for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] where !FileManager.default.fileExists(atPath: tool) {
            throw Failure(
                description: "\(tool) is missing; run apt-get install -y chromium chromium-driver python3-selenium")
        }
        // Files, not pipes: reading a pipe to its end would hold a thread the other tests share.
        let output = screenshot.deletingPathExtension().appendingPathExtension("json")
        let errors = screenshot.deletingPathExtension().appendingPathExtension("stderr")
        for file in [output, errors] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script.path, url, screenshot.path, action, argument]
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        let status = try await process.runUntilExit()
        guard status == 0 else {
            let errorText = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw Failure(description: "browser_check.py exited \(status): \(errorText)")
        }
        let data = try Data(contentsOf: output)
        return try JSONDecoder().decode(BrowserCheck.self, from: data)
    }
}
