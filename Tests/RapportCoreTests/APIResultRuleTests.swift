import RapportCore
import Testing

/// Providers that answer 200 with the verdict in the body: eSMS and Zalo ZNS as they answer.
@Suite struct APIResultRuleTests {
    static let esms = APIResultRule(
        field: "CodeResult", accepted: ["100"], retry: ["99"], refused: ["104", "146"], messageIDField: "SMSID")
    static let zns = APIResultRule(
        field: "error", accepted: ["0"], retry: ["-108"], refused: ["-118"], setup: ["-124"],
        messageIDField: "data.msg_id")

    static func outcome(_ rule: APIResultRule, _ body: String, status: Int = 200) -> Result<
        TransportReceipt, TransportError
    > {
        APIResponse(status: status, body: Array(body.utf8)).outcome(reading: rule)
    }

    @Test func acceptedCodesAreSentWithTheProvidersMessageID() throws {
        let sent = try Self.outcome(Self.esms, #"{"CodeResult":"100","CountRegenerate":0,"SMSID":"8a3c-11"}"#).get()
        #expect(sent.reply == "HTTP 200: accepted (CodeResult 100), message id 8a3c-11")
        let zns = try Self.outcome(Self.zns, #"{"error":0,"message":"Success","data":{"msg_id":"a1b2"}}"#).get()
        #expect(zns.reply == "HTTP 200: accepted (error 0), message id a1b2")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var body: String
        var code: TransportError.Code
        var reply: String
        var testDescription: String { body }
    }

    @Test(arguments: [
        Case(
            body: #"{"CodeResult":"104","ErrorMessage":"Phone number invalid"}"#, code: .permanent,
            reply: #"HTTP 200: {"CodeResult":"104","ErrorMessage":"Phone number invalid"} (CodeResult 104: refused)"#),
        Case(
            body: #"{"CodeResult":99}"#, code: .temporary, reply: #"HTTP 200: {"CodeResult":99} (CodeResult 99: busy)"#),
        Case(
            body: #"{"CodeResult":"777"}"#, code: .temporary,
            reply:
                #"HTTP 200: {"CodeResult":"777"} (CodeResult 777 is in none of accepted, retry, refused, setup: retried until it is classified)"#
        ),
        Case(
            body: "<html>maintenance</html>", code: .temporary,
            reply: "HTTP 200: <html>maintenance</html>; the answer has no CodeResult, which says whether it was accepted"
        ),
    ])
    func otherCodesAreNeverRecordedSent(_ example: Case) {
        guard case .failure(let error) = Self.outcome(Self.esms, example.body) else {
            Issue.record("\(example.body) was taken as sent")
            return
        }
        #expect(error.code == example.code)
        #expect(error.reply == example.reply)
    }

    @Test func anInvalidAccessTokenIsSetupNotTheCustomer() {
        guard case .failure(let error) = Self.outcome(Self.zns, #"{"error":-124,"message":"access token is invalid"}"#)
        else {
            Issue.record("taken as sent")
            return
        }
        #expect(error.code == .configuration)
        #expect(error.reply.contains("(error -124: check the access token and templates)"))
    }

    @Test func theStatusStillDecidesOutside2xx() {
        guard case .failure(let error) = Self.outcome(Self.esms, #"{"CodeResult":"100"}"#, status: 503) else {
            Issue.record("a 503 was taken as sent")
            return
        }
        #expect(error.code == .temporary)
    }
}
