import Foundation
import RapportCore
import Testing

@Suite struct EventImportTests {
    static let now = Timestamp.parse("2026-11-23T09:00:00+07:00")!

    @Test func goodLinesAreKeptAndBadOnesNamed() {
        let text = """
            {"customer": "C001", "kind": "purchase", "at": "2026-11-20T09:30:00+07:00", "id": "order-1", "properties": {"amount": 350000, "gift": true}}
            {"customer": "C001", "kind": "purchase", "at": "yesterday"}

            {"kind": "activity", "at": "2026-11-20T09:30:00Z"}
            {"customer": "C002", "kind": "activity", "at": "2026-11-21T10:00:00Z", "properties": {"items": [1, 2]}}
            {"customer": "C002", "kind": "activity", "at": "2026-11-21T10:00:00Z"}
            """
        let result = EventImport.parse(ImportText(text), now: Self.now)
        #expect(result.rows.map(\.line) == [1, 6])
        #expect(result.rows.first?.event.properties == ["amount": .number(350000), "gift": .bool(true)])
        #expect(result.rows.first?.event.externalID == "order-1")
        #expect(
            result.rejections == [
                .init(
                    line: 2,
                    reason: "at: 'yesterday' is not an ISO 8601 time with offset, e.g. 2026-11-20T09:30:00+07:00"),
                .init(line: 4, reason: "customer: is required, e.g. \"C001\""),
                .init(line: 5, reason: "properties.items: is a list; give text, a number or true/false"),
            ])
    }

    /// The import once recorded all of these; the API refused them. Now one check refuses them
    /// for both, with the same field and reason.
    @Test(arguments: [
        (
            #"{"customer": "C1", "kind": "purchase", "at": "2026-11-20T09:30:00Z", "properties": {"amount": "abc"}}"#,
            "properties.amount: a purchase needs its amount as a number of 0 or more"
        ),
        (
            #"{"customer": "C1", "kind": "purchase", "at": "2026-11-20T09:30:00Z"}"#,
            "properties.amount: a purchase needs its amount as a number of 0 or more"
        ),
        (
            #"{"customer": "C1", "kind": "purchase", "at": "2026-11-20T09:30:00Z", "properties": {"amount": -5}}"#,
            "properties.amount: a purchase needs its amount as a number of 0 or more"
        ),
        (
            #"{"customer": "C1", "kind": "renewal", "at": "2026-11-20T09:30:00Z", "properties": {"renewal_date": "2027-02-30"}}"#,
            #"properties.renewal_date: a renewal needs the next renewal date as YYYY-MM-DD, e.g. "2027-11-20""#
        ),
        (
            #"{"customer": "C1", "kind": "renewal", "at": "2026-11-20T09:30:00Z", "properties": {"renewal_date": "2200-01-01"}}"#,
            "properties.renewal_date: '2200-01-01' is outside 1900–2126; give the real renewal date"
        ),
        (
            #"{"customer": "C1", "kind": "activity", "at": "9999-12-31T00:00:00Z"}"#,
            "at: '9999-12-31T00:00:00Z' is before 1900 or more than a day after now (2026-11-23T02:00:00Z); give when it happened"
        ),
        (
            #"{"customer": "C1", "kind": "activity", "at": "1899-12-31T23:59:59Z"}"#,
            "at: '1899-12-31T23:59:59Z' is before 1900 or more than a day after now (2026-11-23T02:00:00Z); give when it happened"
        ),
        (
            #"{"customer": "C1", "kind": "activity"}"#,
            #"at: is required, e.g. "2026-11-20T09:30:00+07:00""#
        ),
        (
            #"{"customer": "J14\u0000-x", "kind": "activity", "at": "2026-11-20T09:30:00Z"}"#,
            "customer: holds the control character U+0000 at character 4; remove it"
        ),
        (
            #"{"customer": "C1", "kind": "activity", "at": "2026-11-20T09:30:00Z", "id": "e\u001b1"}"#,
            "id: holds the control character U+001B at character 2; remove it"
        ),
        (
            #"{"customer": "C1", "kind": "activity", "at": "2026-11-20T09:30:00Z", "properties": {"note": "a\u0000b"}}"#,
            "properties.note: holds the control character U+0000 at character 2; only tab and line breaks are allowed"
        ),
        (
            #"{"customer": "C1", "kind": "purchase", "at": "2026-11-20T09:30:00Z", "properties": {"amount": 5, "amount": -1}}"#,
            "properties.amount: appears twice in one object; give each key once"
        ),
        (
            #"{"customer": "C1", "customer": "C2", "kind": "activity", "at": "2026-11-20T09:30:00Z"}"#,
            "customer: appears twice in one object; give each key once"
        ),
        (
            #"{"customer": "C1", "kind": "activity", "at": "2026-11-20T09:30:00Z", "amount": 5}"#,
            "amount: unknown field; use at, customer, id, kind, properties"
        ),
    ])
    func refusedLikeTheAPI(line: String, reason: String) {
        let result = EventImport.parse(ImportText(line), now: Self.now)
        #expect(result.rows.isEmpty)
        #expect(result.rejections == [.init(line: 1, reason: reason)])
    }

    @Test func timesAtTheEdgesOfTheRangeAreKept() {
        let text = """
            {"customer": "C1", "kind": "activity", "at": "1900-01-01T00:00:00Z"}
            {"customer": "C1", "kind": "activity", "at": "2026-11-24T02:00:00Z"}
            {"customer": "C1", "kind": "renewal", "at": "2026-11-20T09:30:00Z", "properties": {"renewal_date": "2126-12-31"}}
            """
        let result = EventImport.parse(ImportText(text), now: Self.now)
        #expect(result.rejections == [])
        #expect(result.rows.map(\.line) == [1, 2, 3])
    }

    /// An event without `id` is named by its content: the same event, however its time is
    /// written, has the same id; a different amount is a different event.
    @Test func eventsWithoutIdGetAStableIdFromTheirContent() throws {
        let text = """
            {"customer": "C1", "kind": "purchase", "at": "2026-11-20T09:30:00+07:00", "properties": {"amount": 5, "sku": "x"}}
            {"kind": "purchase", "customer": "C1", "at": "2026-11-20T02:30:00Z", "properties": {"sku": "x", "amount": 5}}
            {"customer": "C1", "kind": "purchase", "at": "2026-11-20T09:30:00+07:00", "properties": {"amount": 6, "sku": "x"}}
            """
        let ids = EventImport.parse(ImportText(text), now: Self.now).rows.compactMap(\.event.externalID)
        #expect(ids.count == 3)
        #expect(ids[0] == ids[1])
        #expect(ids[0] != ids[2])
        #expect(ids[0].hasPrefix("sha256:") && ids[0].count == "sha256:".count + 64)
        let again = EventImport.parse(ImportText(text), now: Self.now.addingTimeInterval(3_600))
        #expect(again.rows.compactMap(\.event.externalID) == ids)
    }

    @Test func aLineThatIsNotUTF8IsNamedAndTheOthersKept() {
        var bytes = Array(#"{"customer": "C1", "kind": "activity", "at": "2026-11-20T09:30:00Z"}"#.utf8) + [0x0A]
        bytes +=
            Array(#"{"customer": "C"#.utf8) + [0xC3, 0x28]
            + Array(#"", "kind": "activity", "at": "2026-11-20T09:30:00Z"}"#.utf8)
        bytes += [0x0A] + Array(#"{"customer": "C3", "kind": "activity", "at": "2026-11-20T09:30:00Z"}"#.utf8)
        let result = EventImport.parse(ImportText(bytes), now: Self.now)
        #expect(result.rows.map(\.event.customerID) == ["C1", "C3"])
        #expect(result.rejections == [.init(line: 2, reason: "the line is not valid UTF-8")])
    }
}

@Suite struct EventImportLineEndingTests {
    @Test func windowsLineEndingsSplitLinesAndKeepTheirNumbers() {
        let text =
            "{\"customer\": \"C001\", \"kind\": \"purchase\", \"at\": \"2026-11-20T09:30:00Z\", \"properties\": {\"amount\": 1}}\r\n"
            + "{\"customer\": \"C002\", \"kind\": \"purchase\", \"at\": \"later\"}\r\n"
            + "{\"customer\": \"C003\", \"kind\": \"activity\", \"at\": \"2026-11-21T10:00:00Z\"}\r\n"
        let result = EventImport.parse(ImportText(text), now: EventImportTests.now)
        #expect(result.rows.map(\.line) == [1, 3])
        #expect(result.rejections.map(\.line) == [2])
    }
}
