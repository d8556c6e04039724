import RapportCore
import Testing

@Suite struct SMSLengthTests {
    @Test func plainTextFits160AndSplitsBy153() {
        #expect(SMSLength(String(repeating: "a", count: 160)).parts == 1)
        #expect(SMSLength(String(repeating: "a", count: 161)).parts == 2)
        #expect(SMSLength(String(repeating: "a", count: 306)).parts == 2)
        #expect(SMSLength(String(repeating: "a", count: 307)).parts == 3)
        #expect(SMSLength("Hoa Mai: {sale} 50%").characters == 21, "braces take two septets")
        #expect(!SMSLength("Hoa Mai: {sale} 50%").isUnicode)
    }

    @Test func oneVietnameseLetterMakesItUCS2At70APart() {
        let text = "Chúc mừng sinh nhật"
        #expect(SMSLength(text).isUnicode)
        #expect(SMSLength(String(repeating: "ư", count: 70)).parts == 1)
        #expect(SMSLength(String(repeating: "ư", count: 71)).parts == 2)
        #expect(SMSLength(String(repeating: "ư", count: 134)).parts == 2)
        #expect(SMSLength(String(repeating: "ư", count: 135)).parts == 3)
        #expect("\(SMSLength(text))" == "19 characters, UCS-2 (70 a part), 1 part")
    }
}
