import Foundation
import RapportCore
import Testing

/// The table encoder writes what `String(format: "%02x")` per byte wrote, so Message-IDs, MIME
/// boundaries, idempotency keys and event content ids stay the same across the change.
@Suite struct HexadecimalTests {
    @Test func everyByteAndRandomRunsMatchFormatPerByte() {
        let all = Array(UInt8.min...UInt8.max)
        #expect(all.lowercaseHex == all.map { String(format: "%02x", $0) }.joined())
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 12, 16, 32, 333] {
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            #expect(bytes.lowercaseHex == bytes.map { String(format: "%02x", $0) }.joined(), "\(bytes)")
        }
    }

    @Test func messageIDIsTheFirstSixteenBytesOfItsDigest() {
        let id = MessageID(
            occurrence: OccurrenceKey(rawValue: "signup"), campaign: "welcome", customer: "C1",
            domain: "hoamai.example")
        #expect(id.value.wholeMatch(of: /[0-9a-f]{32}\.rapport@hoamai\.example/) != nil)
    }
}
