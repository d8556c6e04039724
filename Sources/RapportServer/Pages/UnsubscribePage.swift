import RapportCore

/// The page an unsubscribe link opens. Opening it changes nothing — mail scanners follow links —
/// the customer confirms with the button; mail readers use the one-click POST instead.
enum UnsubscribePage {
    static func html(
        language: PageLanguage, email: String, declined: Set<MessageCategory>, saved: Bool
    ) -> String {
        func choice(_ category: MessageCategory, _ label: String) -> String {
            let checked = declined.contains(category) || !saved ? " checked" : ""
            return
                "<p><input type=\"checkbox\" id=\"\(category.rawValue)\" name=\"category\" value=\"\(category.rawValue)\"\(checked)> <label for=\"\(category.rawValue)\">\(HTMLText.escape(label))</label></p>"
        }
        var status = ""
        if saved {
            let names = [(MessageCategory.marketing, language.marketingLabel), (.survey, language.surveyLabel)]
                .filter { declined.contains($0.0) }.map { "<li>\(HTMLText.escape($0.1))</li>" }
            status =
                names.isEmpty
                ? "<p role=\"status\">\(HTMLText.escape(language.unsubscribeDone)) \(HTMLText.escape(language.unsubscribeNone))</p>\n"
                : "<p role=\"status\">\(HTMLText.escape(language.unsubscribeDone)) \(HTMLText.escape(language.unsubscribedFrom))</p>\n<ul>\(names.joined())</ul>\n"
        }
        let body = """
            \(status)<p>\(HTMLText.escape(language.unsubscribeIntro(email)))</p>
            <form method="post">
            <fieldset>
            <legend>\(HTMLText.escape(language.unsubscribeChoices))</legend>
            \(choice(.marketing, language.marketingLabel))
            \(choice(.survey, language.surveyLabel))
            </fieldset>
            <p class="note">\(HTMLText.escape(language.transactionalNote))</p>
            <input type="hidden" name="confirm" value="yes">
            <p><button type="submit">\(HTMLText.escape(language.unsubscribeSubmit))</button></p>
            </form>
            """
        return PageLayout.document(language: language, title: language.unsubscribeTitle, body: body)
    }
}
