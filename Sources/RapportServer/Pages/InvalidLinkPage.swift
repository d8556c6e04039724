import RapportCore

/// The one answer to every bad link — malformed, forged, expired, meant for another page, or for
/// a customer no longer in the store — so the page never tells which part was wrong.
enum InvalidLinkPage {
    static func html(language: PageLanguage) -> String {
        PageLayout.document(
            language: language, title: language.invalidLinkTitle,
            body: "<p>\(HTMLText.escape(language.invalidLinkText))</p>")
    }
}
