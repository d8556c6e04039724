import Foundation

/// Lists the fields a Mustache text names, with positions, so `rapport check` can reject a typo
/// (`{{frist_name}}`) before any customer gets a message with a hole in it.
///
/// swift-mustache keeps its tokens private; this scanner reads only tag names and nesting.
enum TemplateScanner {
    struct Failure: Error {
        var code = TemplateError.Code.syntax
        var line: Int
        var column: Int
        var message: String
    }

    /// The fields a text names, and the partials it includes (`{{> footer}}`) with their positions.
    struct Scan {
        var fields: [FieldReference] = []
        var partials: [(name: String, line: Int, column: Int)] = []
    }

    /// `escapesEverything` (HTML) refuses `{{{name}}}` and `{{&name}}`, which would put a value
    /// into the markup as it is: a customer named `<a href=…>` would become a link.
    static func scan(_ text: String, escapesEverything: Bool) throws(Failure) -> Scan {
        var scan = Scan()
        var sections: [String] = []
        var line = 1, column = 1
        var index = text.startIndex
        func advance(over character: Character) {
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        while index < text.endIndex {
            guard text[index...].hasPrefix("{{") else {
                advance(over: text[index])
                index = text.index(after: index)
                continue
            }
            let tagLine = line, tagColumn = column
            let triple = text[index...].hasPrefix("{{{")
            let closing = triple ? "}}}" : "}}"
            let contentStart = text.index(index, offsetBy: triple ? 3 : 2)
            guard let end = text[contentStart...].range(of: closing) else {
                throw Failure(line: tagLine, column: tagColumn, message: "tag is not closed with \(closing)")
            }
            let content = text[contentStart..<end.lowerBound]
            let tagStart = index
            for character in text[index..<end.upperBound] { advance(over: character) }
            index = end.upperBound

            var body = Substring(content.trimmingCharactersInWhitespace())
            let sigil = triple ? "&" : body.first.map(String.init) ?? ""
            if !triple, "#^/&!>%=<$".contains(sigil) {
                body = Substring(body.dropFirst().trimmingCharactersInWhitespace())
            }
            let name = String(body)
            if escapesEverything, sigil == "&" {
                let tag = String(text[tagStart..<index])
                throw Failure(
                    code: .unescapedValue, line: tagLine, column: tagColumn,
                    message:
                        "\(tag) would put the value into the HTML unescaped; write {{\(name)}}: every value in an HTML part is escaped"
                )
            }
            switch sigil {
            case "!": continue
            case "%":
                // `{{% CONTENT_TYPE: TEXT}}` would switch HTML escaping off for the rest of the part.
                throw Failure(line: tagLine, column: tagColumn, message: "pragmas are not supported")
            case "=":
                throw Failure(line: tagLine, column: tagColumn, message: "changing delimiters is not supported")
            case ">":
                scan.partials.append((name, tagLine, tagColumn))
            case "<", "$":
                throw Failure(
                    line: tagLine, column: tagColumn,
                    message: "parents and blocks are not supported; share text with a partial, {{> name}}")
            case "#", "^":
                scan.fields.append(.init(name: name, line: tagLine, column: tagColumn, isGuarded: true))
                sections.append(name)
            case "/":
                guard sections.last == name else {
                    throw Failure(
                        line: tagLine, column: tagColumn,
                        message: "{{/\(name)}} closes \(sections.last.map { "{{#\($0)}}" } ?? "no open section")")
                }
                sections.removeLast()
            default:
                guard name != "." else { continue }
                // Inside a section, a name that is no customer field belongs to the section's items
                // (`{{#nps_links}}{{url}}{{/nps_links}}`) and is filled by them.
                let itemField =
                    !sections.isEmpty && !Customer.fieldNames.contains(name) && !name.hasPrefix("attributes.")
                let guarded = itemField || sections.contains { name == $0 || name.hasPrefix($0 + ".") }
                scan.fields.append(.init(name: name, line: tagLine, column: tagColumn, isGuarded: guarded))
            }
        }
        if let open = sections.last {
            throw Failure(line: line, column: column, message: "section {{#\(open)}} is never closed")
        }
        return scan
    }
}
