import Foundation
import RapportCore
import Testing

@Suite struct CustomerImportTests {
    static let now = Timestamp.parse("2026-11-23T09:00:00+07:00")!

    @Test func csvRowsKeepLineNumbersAcrossQuotedLineBreaks() {
        let csv = #"""
            id,email,first_name,plan
            C1,a@example.com,"Nguyễn, Thị
            Hồng Nhung",gold
            C2,not-an-address,Minh,silver
            C3,c@example.com,"An ""Bé""",bronze
            """#
        let result = CustomerImport.parse(ImportText(csv), format: .csv, now: Self.now, countryCode: 84)
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
        let result = CustomerImport.parse(ImportText(csv), format: .csv, now: Self.now, countryCode: 84)
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
        let result = CustomerImport.parse(ImportText(csv), format: .csv, now: Self.now, countryCode: 84)
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
        let result = CustomerImport.parse(ImportText(jsonl), format: .jsonl, now: Self.now, countryCode: 84)
        #expect(result.rows.map(\.line) == [1])
        #expect(result.rows.first?.patch.attributes == ["orders": .number(3), "vip": .bool(true)])
        #expect(result.rejections.map(\.line) == [3, 4])
    }

    @Test func emptyValuesKeepStoredDataAndNeverResubscribe() throws {
        let stored = Customer(
            id: "C1", email: "a@example.com", firstName: "Lan", attributes: ["plan": .string("gold")],
            subscription: .unsubscribed)
        let result = CustomerImport.parse(
            ImportText("id,email,first_name,subscription,city\nC1,,,,Huế"), format: .csv, now: Self.now, countryCode: 84)
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
            ImportText(
                "id,email,unsubscribed_categories\nC1,a@example.com,marketing;survey\nC2,b@example.com,transactional\nC3,c@example.com,none\n"
            ),
            format: .csv, now: Self.now, countryCode: 84)
        #expect(result.rows.map(\.line) == [2, 4])
        #expect(result.rows[0].patch.unsubscribedCategories == [.marketing, .survey])
        #expect(result.rows[1].patch.unsubscribedCategories == [])
        #expect(result.rejections.first?.reason.contains("transactional mail cannot be declined") == true)
    }

    /// A NUL once cut `J14\0-x` short, so the row overwrote customer J14; control characters are
    /// refused in ids and one-word fields, and in names and attributes all but tab and line breaks.
    @Test(arguments: [
        ("id,email\nJ14\u{0}-x,a@example.com", "id: holds the control character U+0000 at character 4; remove it"),
        ("id,email\nKH\u{7F}1,a@example.com", "id: holds the control character U+007F at character 3; remove it"),
        (
            "id,email,first_name\nC1,a@example.com,Lan\u{0}",
            "first_name: holds the control character U+0000 at character 4; only tab and line breaks are allowed"
        ),
        (
            "id,email,city\nC1,a@example.com,Hu\u{1B}[31m",
            "city: holds the control character U+001B at character 3; only tab and line breaks are allowed"
        ),
        (
            "id,email,locale\nC1,a@example.com,v\u{9}i",
            "locale: holds the control character U+0009 at character 2; remove it"
        ),
    ])
    func controlCharactersAreRefusedNamingTheField(csv: String, reason: String) {
        let result = CustomerImport.parse(ImportText(csv), format: .csv, now: Self.now, countryCode: 84)
        #expect(result.rows.isEmpty)
        #expect(result.rejections == [.init(line: 2, reason: reason)])
    }

    @Test func tabsAndLineBreaksStayInNamesAndAttributes() throws {
        let csv = "id,email,first_name,note\nC1,a@example.com,\"An\r\nBình\",\"tầng 2\tphòng 5\r\ncửa sau\"\r\n"
        let result = CustomerImport.parse(ImportText(csv), format: .csv, now: Self.now, countryCode: 84)
        #expect(result.rejections == [])
        let patch = try #require(result.rows.first?.patch)
        #expect(patch.firstName == "An\r\nBình")
        #expect(patch.attributes == ["note": .string("tầng 2\tphòng 5\r\ncửa sau")])
    }

    /// One bad byte costs its own row, named; before, it cost the whole file with no line number.
    @Test func rowsThatAreNotUTF8AreNamedAndTheOthersKept() {
        var csv = Array("id,email,first_name\nC1,a@example.com,Lan\nC2,b@example.com,Ho".utf8)
        csv +=
            [0xE0, 0x80] + Array("\nC3,c@example.com,\"An\n".utf8) + [0xFF] + Array("\"\nC4,d@example.com,Minh\n".utf8)
        let result = CustomerImport.parse(ImportText(csv), format: .csv, now: Self.now, countryCode: 84)
        #expect(result.rows.map(\.patch.id) == ["C1", "C4"])
        #expect(
            result.rejections == [
                .init(line: 3, reason: "the line is not valid UTF-8"),
                .init(line: 5, reason: "the line is not valid UTF-8"),
            ])

        var jsonl = Array(#"{"id": "C1", "email": "a@example.com"}"#.utf8) + [0x0A]
        jsonl += Array(#"{"id": "C2", "first_name": ""#.utf8) + [0xC0, 0xAF] + Array("\"}\n".utf8)
        jsonl += Array(#"{"id": "C3", "email": "c@example.com"}"#.utf8)
        let lines = CustomerImport.parse(ImportText(jsonl), format: .jsonl, now: Self.now, countryCode: 84)
        #expect(lines.rows.map(\.patch.id) == ["C1", "C3"])
        #expect(lines.rejections == [.init(line: 2, reason: "the line is not valid UTF-8")])
    }

    @Test func aHeaderThatIsNotUTF8RefusesTheFile() {
        let csv = Array("id,em".utf8) + [0xFF] + Array("ail\nC1,a@example.com\n".utf8)
        let result = CustomerImport.parse(ImportText(csv), format: .csv, now: Self.now, countryCode: 84)
        #expect(result.rows.isEmpty)
        #expect(result.rejections == [.init(line: 1, reason: "the line is not valid UTF-8")])
    }

    /// The later row for an id is refused, naming the first: which of two rows is right is for
    /// the sender to say.
    @Test func anIdGivenTwiceIsRefusedOnItsLaterRow() {
        let csv = "id,email\nC1,a@example.com\nC2,b@example.com\nC1,other@example.com\nc1,c@example.com\n"
        let result = CustomerImport.parse(ImportText(csv), format: .csv, now: Self.now, countryCode: 84)
        #expect(result.rows.map(\.line) == [2, 3, 5])
        #expect(result.rows.first?.patch.email == "a@example.com")
        #expect(result.rejections == [.init(line: 4, reason: "id: 'C1' already appears on line 2")])

        let jsonl = """
            {"id": "C1", "email": "a@example.com"}
            {"id": "C1", "email": "b@example.com"}
            """
        #expect(
            CustomerImport.parse(ImportText(jsonl), format: .jsonl, now: Self.now, countryCode: 84).rejections == [
                .init(line: 2, reason: "id: 'C1' already appears on line 1")
            ])
    }

    @Test func aKeyTwiceInOneJSONObjectIsRefusedNamingIt() {
        let jsonl = """
            {"id": "C1", "email": "a@example.com", "id": "C2"}
            {"id": "C3", "email": "c@example.com", "pl\\u0061n": "gold", "plan": "silver"}
            {"id": "C4", "email": "d@example.com"}
            """
        let result = CustomerImport.parse(ImportText(jsonl), format: .jsonl, now: Self.now, countryCode: 84)
        #expect(result.rows.map(\.patch.id) == ["C4"])
        #expect(
            result.rejections == [
                .init(line: 1, reason: "id: appears twice in one object; give each key once"),
                .init(line: 2, reason: "plan: appears twice in one object; give each key once"),
            ])
    }

    /// The dates `import events` and the API accept are the ones a customer row may carry: a
    /// `last_active_at` in 9999 would stop win-back for good whichever door it came through.
    @Test(arguments: [
        (
            "id,email,last_active_at\nC1,a@example.com,9999-01-01T00:00:00Z",
            "last_active_at: '9999-01-01T00:00:00Z' is before 1900 or more than a day after now (2026-11-23T02:00:00Z); give when it happened"
        ),
        (
            "id,email,signed_up_at\nC1,a@example.com,1899-12-31T00:00:00Z",
            "signed_up_at: '1899-12-31T00:00:00Z' is before 1900 or more than a day after now (2026-11-23T02:00:00Z); give when it happened"
        ),
        (
            "id,email,renewal_date\nC1,a@example.com,2200-01-01",
            "renewal_date: '2200-01-01' is outside 1900–2126; give the real renewal date"
        ),
        (
            "id,email,birthday\nC1,a@example.com,2031-05-17",
            "birthday: '2031-05-17' is outside 1900–2026; give the real birthday, or year 0000 when it is unknown"
        ),
    ])
    func datesOutsideThePlausibleRangeAreRefused(csv: String, reason: String) {
        let result = CustomerImport.parse(ImportText(csv), format: .csv, now: Self.now, countryCode: 84)
        #expect(result.rows.isEmpty)
        #expect(result.rejections == [.init(line: 2, reason: reason)])
    }
}
