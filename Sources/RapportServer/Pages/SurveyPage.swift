import RapportCore

/// The page a survey's score link opens: thanks, the score picked, and a form to change it or
/// add a comment, which posts back to the same link. Without an answer (the fetch was part of a
/// scanner's sweep) the form has no score picked, and submitting it answers.
enum SurveyPage {
    static func html(
        language: PageLanguage, firstName: String?, answer: SurveyAnswer?, commentSaved: Bool
    ) -> String {
        let scores = (0...10).map { score in
            let checked = score == answer?.score ? " checked" : ""
            return
                "<label><input type=\"radio\" name=\"score\" value=\"\(score)\"\(checked)> \(score)</label>"
        }.joined(separator: "\n")
        let saved = commentSaved ? "<p role=\"status\">\(HTMLText.escape(language.surveyCommentSaved))</p>\n" : ""
        let picked = answer.map { "<p>\(HTMLText.escape(language.surveyPicked($0.score)))</p>\n" } ?? ""
        let body = """
            \(saved)<p>\(HTMLText.escape(language.surveyThanks(firstName)))</p>
            \(picked)<form method="post">
            <fieldset class="scores">
            <legend>\(HTMLText.escape(language.surveyChangeScore))</legend>
            \(scores)
            <p class="note">\(HTMLText.escape(language.surveyScaleLow)), \(HTMLText.escape(language.surveyScaleHigh))</p>
            </fieldset>
            <p><label for="comment">\(HTMLText.escape(language.surveyCommentLabel))</label><br>
            <textarea id="comment" name="comment" maxlength="\(SurveyAnswer.maximumCommentLength)">\(HTMLText.escape(answer?.comment ?? ""))</textarea></p>
            <p><button type="submit">\(HTMLText.escape(language.surveySubmit))</button></p>
            </form>
            """
        return PageLayout.document(language: language, title: language.surveyTitle, body: body)
    }
}
