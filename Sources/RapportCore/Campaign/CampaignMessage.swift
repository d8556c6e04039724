import Foundation

/// The templates of a campaign: a default language and optional per-locale variants.
public struct CampaignMessage: Sendable {
    public var content: MessageContent
    /// Keyed by BCP 47 tag as written in the file (`en`, `en-GB`, `vi`).
    public var locales: [String: MessageContent]
    /// Tags of `locales` to try, in order, for a customer whose locale has no variant (`[en]`: an
    /// `es-MX` customer reads English rather than the default language); empty: the default.
    public var fallback: [String]

    public init(_ content: MessageContent, locales: [String: MessageContent] = [:], fallback: [String] = []) {
        self.content = content
        self.locales = locales
        self.fallback = fallback
    }

    /// The variant for a customer's locale and its tag: exact tag first (`en-GB`), then its
    /// language (`en`); the default content when that language is `defaultLanguage`, the one the
    /// default content is written in; then the `fallback` tags in order; else the default content
    /// (tag nil). A customer without a locale gets the default content.
    public func variant(for locale: String?, defaultLanguage: DisplayLanguage) -> (
        tag: String?, content: MessageContent
    ) {
        guard let locale, !locale.isEmpty else { return (nil, content) }
        let byTag = Dictionary(
            locales.map { ($0.key.lowercased(), ($0.key, $0.value)) }, uniquingKeysWith: { first, _ in first })
        let normalized = locale.replacingOccurrences(of: "_", with: "-").lowercased()
        let language = normalized.split(separator: "-").first.map(String.init) ?? normalized
        for tag in [normalized, language] {
            if let (written, variant) = byTag[tag] { return (written, variant) }
        }
        if language == defaultLanguage.rawValue { return (nil, content) }
        for tag in fallback.map({ $0.lowercased() }) {
            if let (written, variant) = byTag[tag] { return (written, variant) }
        }
        return (nil, content)
    }

    /// Every template of every variant, for checks.
    public var allTemplates: [Template] {
        ([content] + locales.keys.sorted().compactMap { locales[$0] }).flatMap(\.templates)
    }
}

/// Subject, plain text and optional HTML in one language.
public struct MessageContent: Sendable {
    public var subject: Template
    public var text: Template
    public var html: Template?

    public init(subject: Template, text: Template, html: Template? = nil) {
        self.subject = subject
        self.text = text
        self.html = html
    }

    var templates: [Template] { [subject, text] + (html.map { [$0] } ?? []) }
}
