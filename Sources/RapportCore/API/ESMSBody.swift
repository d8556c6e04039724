/// The body of eSMS's JSON send endpoint (`POST https://rest.esms.vn/MainService.svc/json/
/// SendMultipleMessage_V4_post_json/`), a Vietnamese SMS gateway that takes its keys in the body and
/// answers HTTP 200 with `CodeResult` ("100": taken).
///
/// `RequestId` is the occurrence's Idempotency-Key, so a resend after a crash is answered "124"
/// (duplicate RequestId): the first request was taken, which the result rule counts as sent.
struct ESMSBody: Encodable {
    var apiKey: String
    var secretKey: String
    var phone: String
    var content: String
    var brandname: String
    var smsType: String
    var isUnicode: String
    var requestID: String

    enum CodingKeys: String, CodingKey {
        case apiKey = "ApiKey"
        case secretKey = "SecretKey"
        case phone = "Phone"
        case content = "Content"
        case brandname = "Brandname"
        case smsType = "SmsType"
        case isUnicode = "IsUnicode"
        case requestID = "RequestId"
    }
}

/// An eSMS account as a transport uses it: the registered brand name the messages come from, and
/// the two keys, which never appear in a description.
public struct ESMSAccount: Sendable, Equatable, CustomStringConvertible {
    public var brandname: String
    /// 2: customer care (brand name) messages, the kind retention messages are.
    public var smsType: String
    public var apiKey: String
    public var secretKey: String

    public init(brandname: String, smsType: String = "2", apiKey: String, secretKey: String) {
        self.brandname = brandname
        self.smsType = smsType
        self.apiKey = apiKey
        self.secretKey = secretKey
    }

    public var description: String { "eSMS brandname \(brandname), SmsType \(smsType)" }

    /// eSMS's codes (developers.esms.vn, "Table of error codes"): 100 taken; 124 a RequestId it has
    /// already taken; 99 blocked and 108 malformed numbers, refused for good; keys, balance, brand
    /// name, type, IP allow-list and template problems are Rapport's setup.
    public static let resultRule = APIResultRule(
        field: "CodeResult", accepted: ["100", "124"], refused: ["99", "108"],
        setup: ["101", "102", "103", "104", "118", "140", "146", "177"], messageIDField: "SMSID")
}
