import Foundation
internal import Mustache

/// A Mustache template for a subject or a body, checked against the customer fields it names.
public struct Template: Sendable {
    /// Plain text is rendered as is; HTML escapes every `{{value}}` so customer data cannot
    /// inject markup, and refuses the unescaped forms `{{{value}}}` and `{{&value}}` at load; JSON escapes every value as the inside of a JSON string (quotes,
    /// backslashes, control characters, `/`), so customer data cannot end a string or add a key.
    public enum Kind: Sendable {
        case text
        case html
        case json
    }

    public let kind: Kind
    public let location: SourceLocation
    public let fields: [FieldReference]
    /// The text outside every `{{…}}` tag (both branches of a section), the partials' included:
    /// what the message holds before any field is filled in, for length checks.
    public let literalText: String
    private let mustache: MustacheTemplate
    /// The partials this template includes, by name, each compiled as this template's kind.
    private let partials: [String: Template]

    /// Parses `text` and checks every field it names exists for customers (or is an attribute).
    /// `extraFields` are names the daemon supplies besides customer data; one ending in `.*`
    /// (`event.properties.*`) admits every name below it. `partials` are what `{{> name}}` may
    /// include; a partial cannot include itself, directly or through another.
    public init(
        _ text: String, kind: Kind, location: SourceLocation, extraFields: Set<String> = [],
        partials: [String: TemplatePartial] = [:]
    ) throws(TemplateError) {
        self.kind = kind
        self.location = location
        var literal = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            literal += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            rest = rest[close.upperBound...]
            if rest.first == "}" { rest = rest.dropFirst() }
        }
        if rest.range(of: "{{") == nil { literal += rest }
        let scan: TemplateScanner.Scan
        do {
            scan = try TemplateScanner.scan(text, escapesEverything: kind == .html)
        } catch {
            throw TemplateError(
                error.code, at: location.advanced(toLine: error.line, column: error.column), message: error.message)
        }
        self.fields = scan.fields
        let wildcards = extraFields.filter { $0.hasSuffix(".*") }.map { $0.dropLast() }
        for reference in fields {
            let root = String(reference.name.prefix { $0 != "." })
            let known =
                Customer.fieldNames.contains(reference.name) || extraFields.contains(reference.name)
                || ValueFormatting.helperNames.contains(reference.name)
                || (root == "attributes" && reference.name.count > "attributes.".count)
                || wildcards.contains { reference.name.hasPrefix($0) && reference.name.count > $0.count }
            guard known else {
                throw TemplateError(
                    .unknownField, at: location.advanced(toLine: reference.line, column: reference.column),
                    field: reference.name,
                    message:
                        "unknown field '\(reference.name)'; use one of \(Customer.fieldNames.union(extraFields).sorted().joined(separator: ", ")) or attributes.<name>"
                )
            }
        }
        var included: [String: Template] = [:]
        for reference in scan.partials where included[reference.name] == nil {
            guard let partial = partials[reference.name] else {
                throw TemplateError(
                    .missingPartial, at: location.advanced(toLine: reference.line, column: reference.column),
                    field: reference.name,
                    message:
                        "no partial '\(reference.name)': put it in partials/\(reference.name).mustache beside the campaign files (a partial cannot include itself)"
                )
            }
            let template = try Template(
                partial.text, kind: kind, location: partial.location, extraFields: extraFields,
                partials: partials.filter { $0.key != reference.name })
            included[reference.name] = template
            literal += template.literalText
        }
        self.partials = included
        self.literalText = literal
        do {
            self.mustache = try MustacheTemplate(string: Self.pragma(kind) + text)
        } catch let error as MustacheTemplate.ParserError {
            let column =
                error.context.lineNumber == 1
                ? error.context.columnNumber - Self.pragma(kind).count : error.context.columnNumber
            throw TemplateError(
                .syntax, at: location.advanced(toLine: error.context.lineNumber, column: max(column, 1)),
                message: "template syntax: \(error.error)")
        } catch {
            throw TemplateError(.syntax, at: location, message: "template syntax: \(error)")
        }
    }

    private static func pragma(_ kind: Kind) -> String {
        kind == .html ? "{{% CONTENT_TYPE: HTML}}" : "{{% CONTENT_TYPE: TEXT}}"
    }

    /// This template and every partial it includes, at any depth.
    private var withPartials: [Template] { [self] + partials.values.flatMap(\.withPartials) }

    /// Renders for one customer. Throws `.missingValue` when the customer lacks a field the
    /// template uses outside a `{{#field}}`/`{{^field}}` fallback: better skipped and logged than
    /// sent as "Dear ,". Throws `.unreadableValue` when `{{#date}}` or `{{#money}}` holds what is
    /// no date or amount, rather than print it unformatted.
    public func render(_ values: TemplateValues) throws(TemplateError) -> String {
        for template in withPartials {
            for reference in template.fields where !reference.isGuarded && !values.hasValue(for: reference.name) {
                throw TemplateError(
                    .missingValue, at: template.location.advanced(toLine: reference.line, column: reference.column),
                    field: reference.name,
                    message:
                        "customer \(values.customerID) has no \(reference.name); give it a fallback: {{#\(reference.name)}}{{\(reference.name)}}{{/\(reference.name)}}{{^\(reference.name)}}…{{/\(reference.name)}}"
                )
            }
        }
        let rendered = kind == .json ? values.mapStrings(JSONString.escape) : values
        let library = MustacheLibrary(
            templates: Dictionary(
                withPartials.flatMap { template in template.partials.map { ($0.key, $0.value.mustache) } },
                uniquingKeysWith: { first, _ in first }))
        let unreadable = UnreadableValues()
        // A helper renders its section with the values alone: capturing `context`, which holds the
        // helpers, would make each rendering a reference cycle that is never freed.
        let fields = rendered.context
        var context = fields
        let formatting = values.formatting
        let helpers: [(String, (String) -> String?)] = [("date", formatting.date), ("money", formatting.money)]
        for (name, format) in helpers {
            context[name] = MustacheLambda { (inner: String) -> Any? in
                let value = (try? MustacheTemplate(string: Self.pragma(kind) + inner))?.render(
                    fields, library: library)
                guard let value, let formatted = format(value) else {
                    unreadable.names.append((name, value ?? inner))
                    return ""
                }
                return formatted
            }
        }
        let text = mustache.render(context, library: library)
        if let (name, value) = unreadable.names.first {
            let reference = withPartials.lazy.compactMap { template in
                template.fields.first { $0.name == name }.map {
                    template.location.advanced(toLine: $0.line, column: $0.column)
                }
            }.first
            throw TemplateError(
                .unreadableValue, at: reference ?? location, field: name,
                message:
                    "{{#\(name)}} for customer \(values.customerID) holds '\(value)', which is no \(name == "date" ? "date (YYYY-MM-DD or an ISO 8601 time)" : "amount (a number)")"
            )
        }
        return text
    }
}

/// What the helpers could not read during one rendering; Mustache lambdas cannot throw.
private final class UnreadableValues {
    var names: [(name: String, value: String)] = []
}
