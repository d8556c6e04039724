import RapportCore
import Testing

@Suite struct EventImportTests {
    @Test func goodLinesAreKeptAndBadOnesNamed() {
        let text = """
            {"customer": "C001", "kind": "purchase", "at": "2026-11-20T09:30:00+07:00", "id": "order-1", "properties": {"amount": 350000, "gift": true}}
            {"customer": "C001", "kind": "purchase", "at": "yesterday"}

            {"kind": "activity", "at": "2026-11-20T09:30:00Z"}
            {"customer": "C002", "kind": "activity", "at": "2026-11-21T10:00:00Z", "properties": {"items": [1, 2]}}
            {"customer": "C002", "kind": "activity", "at": "2026-11-21T10:00:00Z"}
            """
        let result = EventImport.parse(text)
        #expect(result.rows.map(\.line) == [1, 6])
        #expect(result.rows.first?.event.properties == ["amount": .number(350000), "gift": .bool(true)])
        #expect(result.rows.first?.event.externalID == "order-1")
        #expect(result.rejections.map(\.line) == [2, 4, 5])
        #expect(result.rejections[0].reason.hasPrefix("at:"))
        #expect(result.rejections[1].reason.hasPrefix("customer:"))
    }
}

@Suite struct EventImportLineEndingTests {
    @Test func windowsLineEndingsSplitLinesAndKeepTheirNumbers() {
        let text =
            "{\"customer\": \"C001\", \"kind\": \"purchase\", \"at\": \"2026-11-20T09:30:00Z\"}\r\n"
            + "{\"customer\": \"C002\", \"kind\": \"purchase\", \"at\": \"later\"}\r\n"
            + "{\"customer\": \"C003\", \"kind\": \"activity\", \"at\": \"2026-11-21T10:00:00Z\"}\r\n"
        let result = EventImport.parse(text)
        #expect(result.rows.map(\.line) == [1, 3])
        #expect(result.rejections.map(\.line) == [2])
    }
}
