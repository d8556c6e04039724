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
}
