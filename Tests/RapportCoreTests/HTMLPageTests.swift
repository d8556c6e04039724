import RapportCore
import Testing

@Suite struct HTMLPageTests {
    @Test func aTextOnlyMessageOpensInABrowserEscaped() throws {
        let message = try OutgoingMessage.fixture(subject: "<b>", text: "a < b & c\n")
        #expect(
            message.htmlPage.contains(
                "<pre style=\"white-space: pre-wrap; font-family: sans-serif\">a &lt; b &amp; c\n</pre>"))
        #expect(message.htmlPage.contains("<title>&lt;b&gt;</title>"))
        #expect(try OutgoingMessage.fixture(html: "<p>x</p>").htmlPage == "<p>x</p>")
    }
}
