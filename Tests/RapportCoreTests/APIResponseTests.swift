import Foundation
import RapportCore
import Testing

/// What an API's answer means for the message: the outcome the delivery engine acts on.
@Suite("APIResponse")
struct APIResponseTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let status: Int
        let code: TransportError.Code?

        var testDescription: String { "\(status) → \(code.map(\.description) ?? "sent")" }
    }

    @Test(
        "2xx sent; 429, 5xx and asked-again 4xx temporary; refused credentials and redirects configuration; other 4xx permanent",
        arguments: [
            Case(status: 200, code: nil), Case(status: 201, code: nil), Case(status: 202, code: nil),
            Case(status: 204, code: nil),
            Case(status: 429, code: .temporary), Case(status: 500, code: .temporary),
            Case(status: 502, code: .temporary), Case(status: 503, code: .temporary),
            Case(status: 504, code: .temporary), Case(status: 408, code: .temporary),
            Case(status: 409, code: .temporary), Case(status: 425, code: .temporary),
            Case(status: 400, code: .permanent), Case(status: 404, code: .permanent),
            Case(status: 413, code: .permanent), Case(status: 422, code: .permanent),
            Case(status: 401, code: .configuration), Case(status: 403, code: .configuration),
            Case(status: 407, code: .configuration), Case(status: 301, code: .configuration),
            Case(status: 308, code: .configuration),
        ])
    func classification(_ test: Case) {
        switch APIResponse(status: test.status).outcome {
        case .success(let receipt):
            #expect(test.code == nil)
            #expect(receipt.reply == "HTTP \(test.status)")
        case .failure(let error):
            #expect(error.code == test.code)
            #expect(error.reply.hasPrefix("HTTP \(test.status)"))
        }
    }

    @Test("Retry-After is kept on temporary failures only")
    func retryAfter() throws {
        let limited = APIResponse(status: 429, retryAfter: "30", body: Array(#"{"error":"slow down"}"#.utf8))
        guard case .failure(let error) = limited.outcome else { Issue.record("429 must fail"); return }
        #expect(error.retryAfter == .delay(TimeSpan(seconds: 30)))
        #expect(error.description == #"temporary failure: HTTP 429: {"error":"slow down"} (retry after 30s)"#)
        guard case .failure(let refused) = APIResponse(status: 400, retryAfter: "30").outcome else {
            Issue.record("400 must fail")
            return
        }
        #expect(refused.retryAfter == nil)
        guard case .failure(let unparsable) = APIResponse(status: 503, retryAfter: "soon").outcome else {
            Issue.record("503 must fail")
            return
        }
        #expect(unparsable.retryAfter == nil)
        #expect(unparsable.code == .temporary)
    }

    @Test("the reply keeps the body's start on one line")
    func replyExcerpt() {
        let body = "{\n  \"errors\": [\n    {\"message\": \"Nguyễn Thị Hồng Nhung: số điện thoại sai\"}\n  ]\n}\n"
        #expect(
            APIResponse(status: 400, body: Array(body.utf8)).reply
                == #"HTTP 400: { "errors": [ {"message": "Nguyễn Thị Hồng Nhung: số điện thoại sai"} ] }"#)
        let long = String(repeating: "x", count: 1000)
        let reply = APIResponse(status: 500, body: Array(long.utf8)).reply
        #expect(reply == "HTTP 500: " + String(repeating: "x", count: 300) + "…")
    }

    @Test(
        "Retry-After: delta-seconds and the three HTTP-date forms",
        arguments: [
            ("120", RetryAfter.delay(TimeSpan(seconds: 120))),
            (" 0 ", RetryAfter.delay(TimeSpan(seconds: 0))),
            ("Sun, 06 Nov 1994 08:49:37 GMT", RetryAfter.date(Date(timeIntervalSince1970: 784_111_777))),
            ("Sunday, 06-Nov-94 08:49:37 GMT", RetryAfter.date(Date(timeIntervalSince1970: 784_111_777))),
            ("Sun Nov  6 08:49:37 1994", RetryAfter.date(Date(timeIntervalSince1970: 784_111_777))),
        ])
    func retryAfterParsing(text: String, expected: RetryAfter) {
        #expect(RetryAfter(headerValue: text) == expected)
    }

    @Test("Retry-After that is neither is no advice", arguments: ["", "-5", "1.5", "soon", "2026-10-21T07:28:00Z"])
    func retryAfterGarbage(text: String) {
        #expect(RetryAfter(headerValue: text) == nil)
    }

    @Test("a delay counts from when the reply arrived; a date is absolute")
    func retryAfterDate() {
        let received = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(RetryAfter.delay(TimeSpan(seconds: 90)).date(after: received) == received.addingTimeInterval(90))
        let date = Date(timeIntervalSince1970: 1_800_000_500)
        #expect(RetryAfter.date(date).date(after: received) == date)
    }
}
