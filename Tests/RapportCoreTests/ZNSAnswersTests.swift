import Foundation
import RapportCore
import Testing

/// Zalo's answers as Rapport reads them: ZNS result codes in a 200 body, the token renewal, and
/// the request bodies it sends.
@Suite struct ZNSAnswersTests {
    let now = Timestamp.parse("2027-03-08T09:00:00+07:00")!

    func answer(_ json: String, status: Int = 200) -> APIResponse {
        APIResponse(status: status, body: Array(json.utf8))
    }

    @Test func acceptedKeepsZalosMessageID() throws {
        let receipt = try answer(#"{"error":0,"message":"Success","data":{"msg_id":"a1b2c3"}}"#)
            .outcome(reading: ZNSAnswers.rule).get()
        #expect(receipt.reply.contains("message id a1b2c3"))
    }

    @Test(arguments: [
        ("-118", TransportError.Code.permanent, true), ("-108", .permanent, true), ("-115", .temporary, false),
        ("-100", .temporary, false), ("-124", .configuration, false), ("-109", .configuration, false),
        ("-999", .temporary, false),
    ])
    func eachCodeMeansWhatZaloPublished(code: String, meaning: TransportError.Code, refusesRecipient: Bool) {
        guard case .failure(let error) = answer(#"{"error":\#(code),"message":"x"}"#).outcome(reading: ZNSAnswers.rule)
        else {
            Issue.record("\(code) was taken as accepted")
            return
        }
        #expect(error.code == meaning)
        #expect(error.refusesRecipient == refusesRecipient)
    }

    @Test func onlyARefusedTokenAsksForARenewal() {
        #expect(ZNSAnswers.rejectsToken(answer(#"{"error":-124,"message":"Access token is invalid"}"#)))
        #expect(!ZNSAnswers.rejectsToken(answer(#"{"error":-118}"#)))
        #expect(!ZNSAnswers.rejectsToken(answer(#"{"error":-124}"#, status: 500)))
    }

    @Test func aRenewalGivesBothTokensAndWhenTheAccessTokenExpires() throws {
        let tokens = try ZNSAnswers.renewal(
            answer(#"{"access_token":"A1","refresh_token":"R1","expires_in":"90000"}"#), at: now
        ).get()
        #expect(tokens == ZNSTokens(accessToken: "A1", accessExpiresAt: now + 90_000, refreshToken: "R1"))
        #expect(tokens.usableAccessToken(at: now + 89_000) == "A1")
        #expect(tokens.usableAccessToken(at: now + 89_800) == nil, "renewed five minutes before it expires")
    }

    @Test func aRefusedRenewalSaysToSetANewRefreshTokenWithoutEchoingIt() {
        guard
            case .failure(let error) = ZNSAnswers.renewal(
                answer(#"{"error":-14014,"error_name":"Invalid refresh token","refresh_token_echo":"R-secret"}"#),
                at: now)
        else {
            Issue.record("a refusal was taken as tokens")
            return
        }
        #expect(error.code == .configuration)
        #expect(error.reply.contains("rapport zns set-refresh-token"))
        #expect(error.reply.contains("-14014"))
        #expect(!error.reply.contains("R-secret"))
    }

    @Test func theRequestBodiesAreWhatZaloTakes() throws {
        let body = ZNSAnswers.body(
            phone: try PhoneNumber("0912 345 678", countryCode: 84),
            message: ZNSMessage(templateID: "231677", data: ["customer_name": "Nguyễn \"Bé\""]), trackingID: "t-1")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect(json["phone"] as? String == "84912345678")
        #expect(json["template_id"] as? String == "231677")
        #expect((json["template_data"] as? [String: String])?["customer_name"] == "Nguyễn \"Bé\"")
        #expect(json["tracking_id"] as? String == "t-1")
        let form = String(decoding: ZNSAnswers.renewalForm(appID: "123", refreshToken: "a+b/c="), as: UTF8.self)
        #expect(form == "app_id=123&grant_type=refresh_token&refresh_token=a%2Bb%2Fc%3D")
    }
}
