import RapportCore
import Testing

@Suite struct TemplateTests {
    let location = SourceLocation(file: "welcome.txt", line: 1, column: 1)

    @Test func unknownFieldIsRejectedWithItsPosition() throws {
        let error = #expect(throws: TemplateError.self) {
            try Template("Chào bạn,\nxin chào {{frist_name}}!", kind: .text, location: location)
        }
        #expect(error?.code == .unknownField)
        #expect(error?.field == "frist_name")
        #expect(error?.location == SourceLocation(file: "welcome.txt", line: 2, column: 10))
    }

    @Test func inlineTemplatePositionsAreOffsetByWhereTheValueStarts() throws {
        let inline = SourceLocation(file: "welcome.yml", line: 14, column: 13)
        let error = #expect(throws: TemplateError.self) {
            try Template("Hi {{nope}}", kind: .text, location: inline)
        }
        #expect(error?.location == SourceLocation(file: "welcome.yml", line: 14, column: 16))
    }

    @Test func syntaxErrorIsLocated() {
        let error = #expect(throws: TemplateError.self) {
            try Template("line one\n{{#first_name}} never closed", kind: .text, location: location)
        }
        #expect(error?.code == .syntax)
        #expect(error?.location.file == "welcome.txt")
    }

    @Test func attributesAndKnownFieldsAreAccepted() throws {
        let template = try Template(
            "{{first_name}} {{attributes.plan}} {{full_name}}", kind: .text, location: location)
        let customer = Customer(
            id: "C1", email: "a@example.com", firstName: "Nhung", lastName: "Nguyễn", locale: "vi",
            attributes: ["plan": .string("gold")])
        #expect(try template.render(TemplateValues(customer: customer)) == "Nhung gold Nguyễn Nhung")
    }

    @Test func missingValueWithoutFallbackIsAnErrorForThatCustomer() throws {
        let template = try Template("Dear {{first_name}},", kind: .text, location: location)
        let error = #expect(throws: TemplateError.self) {
            try template.render(TemplateValues(customer: Customer(id: "C9", email: "a@example.com")))
        }
        #expect(error?.code == .missingValue)
        #expect(error?.description.contains("C9") == true)
    }

    @Test func fallbackSectionCoversMissingValue() throws {
        let template = try Template(
            "Chào {{#first_name}}{{first_name}}{{/first_name}}{{^first_name}}bạn{{/first_name}}!", kind: .text,
            location: location)
        #expect(
            try template.render(TemplateValues(customer: Customer(id: "C9", email: "a@example.com"))) == "Chào bạn!")
        let named = Customer(id: "C1", email: "a@example.com", firstName: "Lan")
        #expect(try template.render(TemplateValues(customer: named)) == "Chào Lan!")
    }

    @Test func htmlEscapesCustomerDataButTextDoesNot() throws {
        let customer = Customer(id: "C1", email: "a@example.com", firstName: "<script>{{x}}</script> & co")
        let html = try Template("<p>{{first_name}}</p>", kind: .html, location: location)
        let text = try Template("{{first_name}}", kind: .text, location: location)
        let values = TemplateValues(customer: customer)
        #expect(try html.render(values) == "<p>&lt;script&gt;{{x}}&lt;/script&gt; &amp; co</p>")
        #expect(try text.render(values) == "<script>{{x}}</script> & co")
    }

    /// A campaign cannot switch escaping off in an HTML part: both unescaped forms, and a pragma
    /// that would make the rest of the part plain text, are refused where they are written.
    @Test(arguments: [
        (
            "<p>Chào\n  {{{first_name}}}</p>", 2, 3,
            "{{{first_name}}} would put the value into the HTML unescaped; write {{first_name}}: every value in an HTML part is escaped",
            TemplateError.Code.unescapedValue
        ),
        (
            "<p>{{#first_name}}{{& first_name }}{{/first_name}}</p>", 1, 19,
            "{{& first_name }} would put the value into the HTML unescaped; write {{first_name}}: every value in an HTML part is escaped",
            TemplateError.Code.unescapedValue
        ),
        (
            "<ul>{{#nps_links}}<li>{{{.}}}</li>{{/nps_links}}</ul>", 1, 23,
            "{{{.}}} would put the value into the HTML unescaped; write {{.}}: every value in an HTML part is escaped",
            TemplateError.Code.unescapedValue
        ),
        ("{{% CONTENT_TYPE: TEXT}}<p>{{first_name}}</p>", 1, 1, "pragmas are not supported", TemplateError.Code.syntax),
    ])
    func htmlRefusesUnescapedValues(html: String, line: Int, column: Int, message: String, code: TemplateError.Code) {
        let error = #expect(throws: TemplateError.self) {
            try Template(html, kind: .html, location: location, extraFields: ["nps_links"])
        }
        #expect(error?.code == code)
        #expect(error?.location == SourceLocation(file: "welcome.txt", line: line, column: column))
        #expect(error?.message == message)
    }

    /// Plain text is never parsed as markup, so its unescaped forms change nothing and stay allowed.
    @Test func textMayUseTripleBraces() throws {
        let template = try Template("{{{first_name}}} {{&first_name}}", kind: .text, location: location)
        let customer = Customer(id: "C1", email: "a@example.com", firstName: "<b>An</b>")
        #expect(try template.render(TemplateValues(customer: customer)) == "<b>An</b> <b>An</b>")
    }
}
