import RapportCore
import Testing

@Suite struct PhoneNumberTests {
    @Test(arguments: ["0912 345 678", "84912345678", "+84 912 345 678", "+84-912-345-678", "(091) 234.5678", "0084912345678"])
    func vietnameseFormsAreTheSameNumber(written: String) throws {
        let phone = try PhoneNumber(written, countryCode: 84)
        #expect(phone.e164 == "+84912345678")
        #expect(phone.digits == "84912345678")
    }

    @Test func aLandlineKeepsItsTenDigitsAndOtherCountriesTheirOwn() throws {
        #expect(try PhoneNumber("024 3825 1234", countryCode: 84).e164 == "+842438251234")
        #expect(try PhoneNumber("+1 (415) 555-0100", countryCode: 84).e164 == "+14155550100")
        #expect(try PhoneNumber("020 7946 0018", countryCode: 44).e164 == "+442079460018")
    }

    @Test(arguments: [
        ("", "empty"), ("12345", "country code"), ("0912 345 67", "Vietnamese"), ("+84 912 345 6789", "Vietnamese"),
        ("0912-ABC-678", "'A'"), ("+0912345678", "starting with 0"), ("+1234567890123456", "8 to 15"),
        ("0912\n345678", "'\n'"),
    ])
    func whatCannotBeANumberSaysWhy(written: String, reason: String) {
        #expect {
            try PhoneNumber(written, countryCode: 84)
        } throws: { error in
            (error as? PhoneNumberError)?.reason.contains(reason) == true
        }
    }

    @Test func onlyTheExactStoredFormReadsBack() {
        #expect(PhoneNumber(e164: "+84912345678")?.e164 == "+84912345678")
        #expect(PhoneNumber(e164: "0912345678") == nil)
        #expect(PhoneNumber(e164: "+84 912 345 678") == nil)
    }

    @Test func importsNormaliseAndNameTheLineOfABadNumber() {
        let csv = """
            id,email,phone
            C1,,0912 345 678
            C2,b@example.vn,
            C3,,12345
            """
        let result = CustomerImport.parse(
            ImportText(csv), format: .csv, now: CustomerImportTests.now, countryCode: 84)
        #expect(result.rows.map(\.patch.phone) == ["+84912345678", nil])
        #expect(result.rejections.map(\.line) == [4])
        #expect(result.rejections.first?.reason.hasPrefix("phone: \"12345\"") == true, "\(result.rejections)")
    }

    @Test func aCustomerNeedsAnEmailOrAPhoneNotBoth() {
        var byPhone = CustomerPatch(id: "C1")
        byPhone.phone = "+84912345678"
        #expect(byPhone.applied(to: nil, at: CustomerImportTests.now)?.phone == "+84912345678")
        #expect(CustomerPatch(id: "C2").applied(to: nil, at: CustomerImportTests.now) == nil)
    }
}
