import Foundation
import RapportCore

/// A body is either a file beside the campaign (`welcome.txt`) or the text itself; a single
/// word ending in a template extension is taken as a file name. A template that includes a
/// partial (`{{> footer}}`) gets the folder's `partials/`.
enum TemplateSourceReader {
    static let fileExtensions = ["txt", "html", "htm", "mustache", "md"]

    static func template(
        _ node: YAMLNode, kind: Template.Kind, folder: URL, allowFile: Bool, extraFields: Set<String>
    ) throws(ConfigError)
        -> Template
    {
        let value = try node.string()
        let looksLikeFile =
            allowFile && !value.contains(where: \.isWhitespace) && !value.contains("{{")
            && fileExtensions.contains(URL(fileURLWithPath: value).pathExtension.lowercased())
        let text: String
        let location: SourceLocation
        if looksLikeFile {
            let path = value.hasPrefix("/") ? value : folder.appendingPathComponent(value).standardizedFileURL.path
            text = try node.contents(ofFile: path, "template file")
            location = SourceLocation(file: path, line: 1, column: 1)
        } else {
            text = value
            location = node.textStart
        }
        let partials = text.contains("{{>") ? try TemplatePartials.read(besides: folder) : [:]
        do {
            return try Template(text, kind: kind, location: location, extraFields: extraFields, partials: partials)
        } catch {
            throw ConfigError(error, field: node.field)
        }
    }
}
