import Foundation
import RapportCore
import Testing

@Suite struct LinkSignerTests {
    let signer = LinkSigner(secret: Array("a-signing-key-of-at-least-32-bytes!!".utf8))!
    let now = Timestamp.parse("2026-11-23T09:00:00+07:00")!

    var survey: LinkToken {
        LinkToken(
            purpose: .nps, customerID: "C001", campaignID: "nps-after-support",
            occurrence: OccurrenceKey(rawValue: "event:42"), expiresAt: now.addingTimeInterval(30 * 86_400))
    }

    @Test func signedTokenVerifiesUntilItExpires() {
        let text = signer.sign(survey)
        #expect(text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
        #expect(signer.verify(text, purpose: .nps, at: now) == survey)
        #expect(signer.verify(text, purpose: .nps, at: now.addingTimeInterval(30 * 86_400)) == nil)
    }

    /// The exact text, computed apart from Rapport (Python's hmac and base64.urlsafe_b64encode,
    /// padding stripped): its standard base64 has `+`, `/` and `=`, all rewritten or dropped.
    @Test func aTokenIsSpelledExactlyAsBase64URLWithoutPadding() {
        let token = LinkToken(
            purpose: .unsubscribe, customerID: "C002", campaignID: "welcome", occurrence: WelcomeTrigger.occurrence,
            expiresAt: nil)
        #expect(
            signer.sign(token)
                == "v1.dW5zdWJzY3JpYmUfQzAwMh93ZWxjb21lH3NpZ251cB8t.LcLtHCLMFzYdz4Poypf4ipthv_bvPiRLk-bCgW5pIq0")
    }

    /// The first 16 bytes of SHA-256 over "welcome␟C001␟signup" in lowercase hex, computed apart
    /// from Rapport (Python's hashlib): a resend must keep the Message-ID of the first send.
    @Test func aMessageIDIsTheOccurrencesDigestInHex() {
        let id = MessageID(
            occurrence: WelcomeTrigger.occurrence, campaign: "welcome", customer: "C001", domain: "hoamai.example")
        #expect(id.value == "2ae1db8670c01a554723e46d325589d8.rapport@hoamai.example")
    }

    @Test func wrongPurposeOtherKeyOrTamperingAllFailAlike() {
        let text = signer.sign(survey)
        #expect(signer.verify(text, purpose: .unsubscribe, at: now) == nil)
        let other = LinkSigner(secret: Array("another-signing-key-of-32-bytes-or-more".utf8))!
        #expect(other.verify(text, purpose: .nps, at: now) == nil)
        // Flip each character of the token in turn: no variant verifies.
        let characters = Array(text)
        for index in characters.indices {
            var changed = characters
            changed[index] = changed[index] == "A" ? "B" : "A"
            #expect(signer.verify(String(changed), purpose: .nps, at: now) == nil, "position \(index)")
        }
        for garbage in ["", "v1", "v1..", "v2.\(text.dropFirst(3))", text + ".x", "v1.%%%.###"] {
            #expect(signer.verify(garbage, purpose: .nps, at: now) == nil)
        }
    }

    @Test func forgedPayloadWithAnotherCustomerFails() {
        var other = survey
        other.customerID = "C002"
        let genuine = signer.sign(survey).split(separator: ".")
        let forged = signer.sign(other).split(separator: ".")
        #expect(signer.verify("v1.\(forged[1]).\(genuine[2])", purpose: .nps, at: now) == nil)
    }

    @Test func unsubscribeTokensNeverExpire() {
        let token = LinkToken(
            purpose: .unsubscribe, customerID: "C001", campaignID: "welcome",
            occurrence: OccurrenceKey(rawValue: "signup"),
            expiresAt: nil)
        #expect(signer.verify(signer.sign(token), purpose: .unsubscribe, at: now.addingTimeInterval(1e9)) == token)
    }

    @Test func shortKeysAreRefused() {
        #expect(LinkSigner(secret: Array("too short".utf8)) == nil)
    }
}
