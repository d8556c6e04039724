import Foundation
import RapportCore

/// The partials a campaigns folder shares: every `partials/<name>.mustache` beside the campaign
/// files, included in any of their templates as `{{> name}}` (a footer, a signature, a layout's
/// header). Read when a template includes one, so folders without partials read nothing.
enum TemplatePartials {
    static let folderName = "partials"
    static let fileExtension = "mustache"

    /// The partials of the campaigns folder `folder`, by name; none when it has no `partials/`.
    static func read(besides folder: URL) throws(ConfigError) -> [String: TemplatePartial] {
        let directory = folder.appendingPathComponent(folderName)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var partials: [String: TemplatePartial] = [:]
        for name in names where name.hasSuffix(".\(fileExtension)") {
            let path = directory.appendingPathComponent(name).path
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ConfigError(
                    at: SourceLocation(file: path, line: 1, column: 1), field: "",
                    message: "cannot read this partial as UTF-8 text; fix or remove it")
            }
            partials[String(name.dropLast(fileExtension.count + 1))] = TemplatePartial(
                text: text, location: SourceLocation(file: path, line: 1, column: 1))
        }
        return partials
    }
}
