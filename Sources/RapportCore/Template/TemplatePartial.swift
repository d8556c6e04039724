/// A piece of template shared by a folder's campaigns (`partials/footer.mustache`), included with
/// `{{> footer}}`: read by the config layer, checked and compiled with each template that uses it,
/// so its fields are checked as that template's and its errors point into its own file.
public struct TemplatePartial: Sendable {
    public var text: String
    /// Where the partial's text starts (its file, 1:1).
    public var location: SourceLocation

    public init(text: String, location: SourceLocation) {
        self.text = text
        self.location = location
    }
}
