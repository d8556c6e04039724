import Foundation
import RapportCore
import Testing

@Suite struct CustomerImportTests {
    @Test func csvRowsKeepLineNumbersAcrossQuotedLineBreaks() {
        let csv = #"""
            id,email,first_name,plan
            C1,a@example.com,"Nguyễn, Thị
            Hồng Nhung",gold
            C2,not-an-address,Minh,silver
            C3,c@example.com,"An ""Bé""",bronze
            """#
        let result = CustomerImport.parse(csv, format: .csv)
        #expect(result.rows.map(\.line) == [2, 5])
        #expect(result.rows.first?.patch.firstName == "Nguyễn, Thị\nHồng Nhung")
        #expect(result.rows.last?.patch.firstName == "An \"Bé\"")
        #expect(result.rows.first?.patch.attributes == ["plan": .string("gold")])
        #expect(result.rejections.count == 1)
        #expect(result.rejections.first?.line == 4)
        #expect(result.rejections.first?.reason.hasPrefix("email:") == true)
    }

    @Test(arguments: [
        ("id,email,signed_up_at\nC1,a@example.com,2026-11-20 09:00", "signed_up_at"),
        ("id,email,birthday\nC1,a@example.com,1990-02-30", "birthday"),
        ("id,email,birthday\nC1,a@example.com,17/05/1990", "birthday"),
        ("id,email,birthday\nC1,a@example.com,0000-02-30", "birthday"),
        ("id,email,renewal_date\nC1,a@example.com,0000-05-17", "renewal_date"),
        ("id,email,time_zone\nC1,a@example.com,Mars/Olympus", "time_zone"),
        ("id,email,subscription\nC1,a@example.com,maybe", "subscription"),
        ("email\na@example.com", "id"),
        ("id,email\nC1,a@example.com,extra", "fields"),
    ])
    func badValuesNameTheField(csv: String, field: String) {
        let result = CustomerImport.parse(csv, format: .csv)
        #expect(result.rows.isEmpty)
        #expect(result.rejections.first?.reason.contains(field) == true, "\(result.rejections)")
    }

    /// "Year unknown" birthdays are kept (the birthday campaign ignores them, `check --data` lists
    /// them) rather than costing the customer's whole row.
    @Test func yearZeroBirthdayIsImported() {
        let csv = """
            id,email,birthday
            C1,a@example.com,0000-05-17
            C2,b@example.com,0000-02-29
            C3,c@example.com,17/05/1990
            """
        let result = CustomerImport.parse(csv, format: .csv)
        #expect(result.rows.map(\.line) == [2, 3])
        #expect(result.rows.map(\.patch.birthday) == [LocalDate("0000-05-17"), LocalDate("0000-02-29")])
        #expect(result.rows.first?.patch.birthday?.description == "0000-05-17")
        #expect(
            result.rejections == [
                .init(line: 4, reason: "birthday: '17/05/1990' is not a date in the form YYYY-MM-DD")
            ])
    }

    @Test func jsonLinesKeepTypesAndReportBadLines() {
        let jsonl = """
            {"id": "C1", "email": "a@example.com", "orders": 3, "vip": true, "locale": null}

            {"id": "C2", "email": "b@example.com", "tags": ["x"]}
            not json
            """
        let result = CustomerImport.parse(jsonl, format: .jsonl)
        #expect(result.rows.map(\.line) == [1])
        #expect(result.rows.first?.patch.attributes == ["orders": .number(3), "vip": .bool(true)])
        #expect(result.rejections.map(\.line) == [3, 4])
    }

    @Test func emptyValuesKeepStoredDataAndNeverResubscribe() throws {
        let stored = Customer(
            id: "C1", email: "a@example.com", firstName: "Lan", attributes: ["plan": .string("gold")],
            subscription: .unsubscribed)
        let result = CustomerImport.parse("id,email,first_name,subscription,city\nC1,,,,Huế", format: .csv)
        let updated = try #require(result.rows.first?.patch.applied(to: stored, at: Date()))
        #expect(updated.firstName == "Lan")
        #expect(updated.subscription == .unsubscribed)
        #expect(updated.attributes == ["plan": .string("gold"), "city": .string("Huế")])
    }

    @Test func newCustomerNeedsAnEmail() {
        #expect(CustomerPatch(id: "C1").applied(to: nil, at: Date()) == nil)
    }

    @Test func unsubscribedCategoriesParseAndRefuseTransactional() {
        let result = CustomerImport.parse(
            "id,email,unsubscribed_categories\nC1,a@example.com,marketing;survey\nC2,b@example.com,transactional\nC3,c@example.com,none\n",
            format: .csv)
        #expect(result.rows.map(\.line) == [2, 4])
        #expect(result.rows[0].patch.unsubscribedCategories == [.marketing, .survey])
        #expect(result.rows[1].patch.unsubscribedCategories == [])
        #expect(result.rejections.first?.reason.contains("transactional mail cannot be declined") == true)
    }
}
