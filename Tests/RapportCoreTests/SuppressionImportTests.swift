import RapportCore
import Testing

/// Files for `rapport suppress import`: a plain list or CSV with an `email` or `phone` column,
/// every bad line named.
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
            rejections: [
                "line 5: address: address \"no-at-sign\" is neither an email address nor a phone number (holds 'n'; give digits, optionally with +, spaces or dashes)"
            ]),
        Case(
            description: "a byte order mark before the first address",
            text: "\u{FEFF}lan@example.vn\n", rows: ["lan@example.vn"], reasons: [nil], rejections: []),
        Case(
            description: "CSV export with email and reason columns in any order and case",
            text: "Reason,Email,id\nhard bounce,lan@example.vn,1\n,minh@example.com,2\n\"x\",\"bad address\",3\n",
            rows: ["lan@example.vn", "minh@example.com"], reasons: ["hard bounce", nil],
            rejections: [
                "line 4: address: address \"bad address\" is neither an email address nor a phone number (holds 'b'; give digits, optionally with +, spaces or dashes)"
            ]),
        Case(
            description: "CSV with a short row and an empty email",
            text: "email,reason\nlan@example.vn\n,complaint\n", rows: [], reasons: [],
            rejections: ["line 2: has 1 fields, the header has 2", "line 3: address: address \"\" is empty"]),
        Case(
            description: "CSV without an email column",
            text: "address,reason\nlan@example.vn,bounce\n", rows: [], reasons: [],
            rejections: ["line 1: the CSV header row has no 'email' or 'phone' column"]),
        Case(
            description: "SMS opt-outs: phone numbers as shops write them, stored in E.164",
            text: "phone,reason\n0912 345 678,STOP\n+84 987 654 321,\n12345,STOP\n",
            rows: ["+84912345678", "+84987654321"], reasons: ["STOP", nil],
            rejections: [
                "line 4: address: address \"12345\" is neither an email address nor a phone number (has neither a country code (+84…) nor a leading 0 for a national number)"
            ]),
        Case(
            description: "a plain list mixing emails, phones and one channel's refusals",
            text: "lan@example.vn\n0912345678\nzalo:0912 345 679\n",
            rows: ["lan@example.vn", "+84912345678", "zalo:+84912345679"], reasons: [nil, nil, nil], rejections: []),
        Case(description: "empty file", text: "", rows: [], reasons: [], rejections: []),
    ]

    @Test(arguments: cases)
    func parses(_ example: Case) {
        let result = SuppressionImport.parse(example.text, countryCode: 84)
        #expect(result.rows.map(\.address) == example.rows)
        #expect(result.rows.map(\.reason) == example.reasons)
        #expect(result.rejections.map(\.description) == example.rejections)
    }
}
