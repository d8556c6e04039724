import Foundation

/// The templates of a campaign: a default language and optional per-locale variants.
public struct CampaignMessage: Sendable {
    public var content: MessageContent
    /// Keyed by BCP 47 tag as written in the file (`en`, `en-GB`, `vi`).
    public var locales: [String: MessageContent]

    public init(_ content: MessageContent, locales: [String: MessageContent] = [:]) {
        self.content = content
        self.locales = locales
    }

    /// The variant for a customer's locale: exact tag first (`en-GB`), then its language (`en`),
    /// else the default content.
    public func content(for locale: String?) -> MessageContent {
        guard let locale, !locale.isEmpty else { return content }
        let normalized = locale.replacingOccurrences(of: "_", with: "-").lowercased()
        let byTag = Dictionary(locales.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        if let exact = byTag[normalized] { return exact }
        if let language = normalized.split(separator: "-").first, let variant = byTag[String(language)] {
            return variant
        }
        return content
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
