/// A `{{name}}` a template uses, and whether a section around it supplies a fallback.
public struct FieldReference: Sendable, Hashable {
    /// The dotted name as written, e.g. `first_name` or `attributes.plan`.
    public var name: String
    /// 1-based line and column inside the template text.
    public var line: Int
    public var column: Int
    /// True inside `{{#name}}…{{/name}}` or `{{^name}}…{{/name}}`: a customer without the field
    /// renders the fallback instead of a hole.
    public var isGuarded: Bool
}
