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
    /// The text outside every `{{…}}` tag (both branches of a section): what the message holds
    /// before any field is filled in, for length checks.
    public let literalText: String
    private let mustache: MustacheTemplate

    /// Parses `text` and checks every field it names exists for customers (or is an attribute).
    /// `extraFields` are names the daemon supplies besides customer data.
    public init(_ text: String, kind: Kind, location: SourceLocation, extraFields: Set<String> = [])
        throws(TemplateError)
    {
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
        self.literalText = literal
        do {
            self.fields = try TemplateScanner.fieldReferences(in: text, escapesEverything: kind == .html)
        } catch {
            throw TemplateError(
                error.code, at: location.advanced(toLine: error.line, column: error.column), message: error.message)
        }
        for reference in fields {
            let root = String(reference.name.prefix { $0 != "." })
            let known =
                Customer.fieldNames.contains(reference.name) || extraFields.contains(reference.name)
                || (root == "attributes" && reference.name.count > "attributes.".count)
            guard known else {
                throw TemplateError(
                    .unknownField, at: location.advanced(toLine: reference.line, column: reference.column),
                    field: reference.name,
                    message:
                        "unknown field '\(reference.name)'; use one of \(Customer.fieldNames.union(extraFields).sorted().joined(separator: ", ")) or attributes.<name>"
                )
            }
        }
        let pragma = kind == .html ? "{{% CONTENT_TYPE: HTML}}" : "{{% CONTENT_TYPE: TEXT}}"
        do {
            self.mustache = try MustacheTemplate(string: pragma + text)
        } catch let error as MustacheTemplate.ParserError {
            let column =
                error.context.lineNumber == 1
                ? error.context.columnNumber - pragma.count : error.context.columnNumber
            throw TemplateError(
                .syntax, at: location.advanced(toLine: error.context.lineNumber, column: max(column, 1)),
                message: "template syntax: \(error.error)")
        } catch {
            throw TemplateError(.syntax, at: location, message: "template syntax: \(error)")
        }
    }

    /// Renders for one customer. Throws `.missingValue` when the customer lacks a field the
    /// template uses outside a `{{#field}}`/`{{^field}}` fallback: better skipped and logged than
    /// sent as "Dear ,".
    public func render(_ values: TemplateValues) throws(TemplateError) -> String {
        for reference in fields where !reference.isGuarded && !values.hasValue(for: reference.name) {
            throw TemplateError(
                .missingValue, at: location.advanced(toLine: reference.line, column: reference.column),
                field: reference.name,
                message:
                    "customer \(values.customerID) has no \(reference.name); give it a fallback: {{#\(reference.name)}}{{\(reference.name)}}{{/\(reference.name)}}{{^\(reference.name)}}…{{/\(reference.name)}}"
            )
        }
        let rendered = kind == .json ? values.mapStrings(JSONString.escape) : values
        return mustache.render(rendered.context)
    }
}
