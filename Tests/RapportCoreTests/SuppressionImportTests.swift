import RapportCore
import Testing

/// Files for `rapport suppress import`: a plain list or CSV with an `email` column, every bad
/// line named.
@Suite struct SuppressionImportTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var text: String
        var rows: [String]
        var reasons: [String?]
        var rejections: [String]
    }

    static let cases: [Case] = [
        Case(
            description: "plain list with comments, blank lines, CRLF and a bad line",
            text: "# bounces\r\nlan@example.vn\r\n\r\n  minh@example.com \r\nno-at-sign\r\n",
            rows: ["lan@example.vn", "minh@example.com"], reasons: [nil, nil],
            rejections: ["line 5: email: address \"no-at-sign\" must have the form local@domain"]),
        Case(
            description: "a byte order mark before the first address",
            text: "\u{FEFF}lan@example.vn\n", rows: ["lan@example.vn"], reasons: [nil], rejections: []),
        Case(
            description: "CSV export with email and reason columns in any order and case",
            text: "Reason,Email,id\nhard bounce,lan@example.vn,1\n,minh@example.com,2\n\"x\",\"bad address\",3\n",
            rows: ["lan@example.vn", "minh@example.com"], reasons: ["hard bounce", nil],
            rejections: ["line 4: email: address \"bad address\" contains a space or a control character"]),
        Case(
            description: "CSV with a short row and an empty email",
            text: "email,reason\nlan@example.vn\n,complaint\n", rows: [], reasons: [],
            rejections: ["line 2: has 1 fields, the header has 2", "line 3: email: address \"\" is empty"]),
        Case(
            description: "CSV without an email column",
            text: "address,reason\nlan@example.vn,bounce\n", rows: [], reasons: [],
            rejections: ["line 1: the CSV header row has no 'email' column"]),
        Case(description: "empty file", text: "", rows: [], reasons: [], rejections: []),
    ]

    @Test(arguments: cases)
    func parses(_ example: Case) {
        let result = SuppressionImport.parse(example.text)
        #expect(result.rows.map(\.address.value) == example.rows)
        #expect(result.rows.map(\.reason) == example.reasons)
        #expect(result.rejections.map(\.description) == example.rejections)
    }
}
