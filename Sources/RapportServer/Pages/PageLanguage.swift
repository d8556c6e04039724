import Foundation

/// The words of the customer-facing pages, in the customer's language: Vietnamese or English,
/// picked from the customer's locale, else the browser's Accept-Language, else English.
struct PageLanguage: Sendable {
    var tag: String
    var invalidLinkTitle: String
    var invalidLinkText: String
    var surveyTitle: String
    var surveyThanks: @Sendable (_ name: String?) -> String
    var surveyPicked: @Sendable (_ score: Int) -> String
    var surveyChangeScore: String
    var surveyScaleLow: String
    var surveyScaleHigh: String
    var surveyCommentLabel: String
    var surveySubmit: String
    var surveyCommentSaved: String
    var unsubscribeTitle: String
    var unsubscribeIntro: @Sendable (_ email: String) -> String
    var unsubscribeChoices: String
    var marketingLabel: String
    var surveyLabel: String
    var transactionalNote: String
    var unsubscribeSubmit: String
    var unsubscribeDone: String
    var unsubscribeNone: String
    var unsubscribedFrom: String

    static let english = PageLanguage(
        tag: "en",
        invalidLinkTitle: "Link not valid",
        invalidLinkText: "This link is not valid or has expired. If you copied it, check that it is complete.",
        surveyTitle: "Thank you for your answer",
        surveyThanks: { name in name.map { "Thank you, \($0)!" } ?? "Thank you!" },
        surveyPicked: { "You picked \($0) out of 10." },
        surveyChangeScore: "Your score (you can change it)",
        surveyScaleLow: "0 = not at all likely",
        surveyScaleHigh: "10 = extremely likely",
        surveyCommentLabel: "Anything you would like to tell us? (optional)",
        surveySubmit: "Send",
        surveyCommentSaved: "Your answer is saved. Thank you for taking the time.",
        unsubscribeTitle: "Unsubscribe",
        unsubscribeIntro: { "Choose which messages \($0) should no longer receive." },
        unsubscribeChoices: "Stop sending me",
        marketingLabel: "Offers, news and reminders",
        surveyLabel: "Surveys",
        transactionalNote: "Messages about your orders and account are always sent.",
        unsubscribeSubmit: "Save my choice",
        unsubscribeDone: "Your choice is saved.",
        unsubscribeNone: "You will keep receiving all our messages.",
        unsubscribedFrom: "You will no longer receive:")

    static let vietnamese = PageLanguage(
        tag: "vi",
        invalidLinkTitle: "Liên kết không hợp lệ",
        invalidLinkText: "Liên kết này không hợp lệ hoặc đã hết hạn. Nếu bạn sao chép nó, hãy kiểm tra xem đã đủ chưa.",
        surveyTitle: "Cảm ơn bạn đã trả lời",
        surveyThanks: { name in name.map { "Cảm ơn \($0)!" } ?? "Cảm ơn bạn!" },
        surveyPicked: { "Bạn đã chọn \($0) trên 10." },
        surveyChangeScore: "Điểm của bạn (có thể đổi)",
        surveyScaleLow: "0 = chắc chắn không",
        surveyScaleHigh: "10 = chắc chắn có",
        surveyCommentLabel: "Bạn có muốn nói thêm điều gì không? (không bắt buộc)",
        surveySubmit: "Gửi",
        surveyCommentSaved: "Câu trả lời của bạn đã được lưu. Cảm ơn bạn đã dành thời gian.",
        unsubscribeTitle: "Hủy đăng ký",
        unsubscribeIntro: { "Chọn những thư mà \($0) không muốn nhận nữa." },
        unsubscribeChoices: "Ngừng gửi cho tôi",
        marketingLabel: "Ưu đãi, tin tức và lời nhắc",
        surveyLabel: "Khảo sát",
        transactionalNote: "Thư về đơn hàng và tài khoản của bạn vẫn luôn được gửi.",
        unsubscribeSubmit: "Lưu lựa chọn",
        unsubscribeDone: "Lựa chọn của bạn đã được lưu.",
        unsubscribeNone: "Bạn sẽ tiếp tục nhận mọi thư của chúng tôi.",
        unsubscribedFrom: "Bạn sẽ không nhận nữa:")

    /// The customer's locale first (`vi`, `vi-VN`, `en-GB`), then the browser's preference.
    static func choose(locale: String?, acceptLanguage: String?) -> PageLanguage {
        for candidate in [locale] + (acceptLanguage?.split(separator: ",").map { String($0) } ?? []) {
            guard let language = candidate?.trimmingCharacters(in: .whitespaces).prefix(2).lowercased() else {
                continue
            }
            if language == "vi" { return .vietnamese }
            if language == "en" { return .english }
        }
        return .english
    }
}
