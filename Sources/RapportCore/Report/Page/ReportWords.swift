/// Every word the HTML report prints, in English and Vietnamese: one value per language, so a
/// heading cannot be translated in one place and forgotten in another.
struct ReportWords: Sendable {
    var title: String
    var period: @Sendable (String, String) -> String
    var npsHeading, npsCaption, npsEmpty: String
    var answers: @Sendable (Int) -> String
    var promoters, passives, detractors: String
    var retention, churn: String
    var retentionDetail: @Sendable (_ start: Int, _ end: Int, _ new: Int, _ back: Int) -> String
    var cohortHeading, cohortCaption, cohortEmpty, cohortLegend: String
    /// Column head for `n` months after signup; short, it sits above a narrow cell.
    var monthsAfter: @Sendable (Int) -> String
    var funnelHeading, funnelCaption, funnelEmpty: String
    var due, sent, opened, clicked, converted: String
    var liftHeading, liftCaption, liftEmpty, liftScale, liftLegendPoint, liftLegendInterval: String
    var valueHeading, valueCaption, valueEmpty, valueUnknown: String
    var allCustomers, noSegment, customers: String
    var loyaltyHeading, loyaltyCaption, loyaltyEmpty: String
    var tier: @Sendable (RFMTier) -> String

    static func of(_ language: DisplayLanguage) -> ReportWords {
        switch language {
        case .en: english
        case .vi: vietnamese
        }
    }

    static let english = ReportWords(
        title: "Retention report",
        period: { "From \($0) to \($1)" },
        npsHeading: "Net Promoter Score", npsCaption: "NPS by month (−100 to 100)",
        npsEmpty: "No survey answers in this period.",
        answers: { $0 == 1 ? "1 answer" : "\($0) answers" },
        promoters: "promoters", passives: "passives", detractors: "detractors",
        retention: "Retention", churn: "Churn",
        retentionDetail: {
            "customers at the start \($0), at the end \($1), new \($2), back after a quiet spell \($3)"
        },
        cohortHeading: "Retention by signup month",
        cohortCaption: "Share of each signup month's customers active in each month after signing up",
        cohortEmpty: "No customer signed up in this period.",
        cohortLegend: "Share active",
        monthsAfter: { "M\($0)" },
        funnelHeading: "Campaign funnel",
        funnelCaption: "Messages per campaign; opened and clicked only where tracked, converted only with a goal",
        funnelEmpty: "No campaign was due in this period.",
        due: "due", sent: "sent", opened: "opened", clicked: "clicked", converted: "converted",
        liftHeading: "Holdout lift",
        liftCaption: "Conversion of messaged customers minus held-out customers, with its 95% interval",
        liftEmpty: "No campaign with a holdout and a goal in this period.",
        liftScale: "percentage points", liftLegendPoint: "difference", liftLegendInterval: "95% interval",
        valueHeading: "Lifetime value", valueCaption: "Expected value per customer over their lifetime, by segment",
        valueEmpty: "No purchases in this period.", valueUnknown: "no estimate (nobody churned)",
        allCustomers: "all customers", noSegment: "no value", customers: "customers",
        loyaltyHeading: "Loyalty tiers", loyaltyCaption: "Purchasing customers by RFM tier",
        loyaltyEmpty: "No customer has purchased yet.",
        tier: {
            switch $0 {
            case .champions: "Champions"
            case .loyal: "Loyal"
            case .potential: "Potential"
            case .atRisk: "At risk"
            case .hibernating: "Hibernating"
            case .lost: "Lost"
            }
        })

    static let vietnamese = ReportWords(
        title: "Báo cáo giữ chân khách hàng",
        period: { "Từ \($0) đến \($1)" },
        npsHeading: "Chỉ số NPS", npsCaption: "NPS theo tháng (−100 đến 100)",
        npsEmpty: "Không có câu trả lời khảo sát trong kỳ này.",
        answers: { "\($0) câu trả lời" },
        promoters: "ủng hộ", passives: "trung lập", detractors: "không hài lòng",
        retention: "Tỷ lệ giữ chân", churn: "Tỷ lệ rời bỏ",
        retentionDetail: {
            "khách đầu kỳ \($0), cuối kỳ \($1), khách mới \($2), quay lại sau thời gian vắng \($3)"
        },
        cohortHeading: "Giữ chân theo tháng đăng ký",
        cohortCaption: "Tỷ lệ khách của mỗi tháng đăng ký còn hoạt động trong từng tháng sau đó",
        cohortEmpty: "Không có khách đăng ký trong kỳ này.",
        cohortLegend: "Tỷ lệ hoạt động",
        monthsAfter: { "T\($0)" },
        funnelHeading: "Phễu chiến dịch",
        funnelCaption:
            "Tin nhắn theo chiến dịch; đã mở và đã bấm chỉ khi có theo dõi, đạt mục tiêu chỉ khi có mục tiêu",
        funnelEmpty: "Không có chiến dịch nào đến hạn trong kỳ này.",
        due: "đến hạn", sent: "đã gửi", opened: "đã mở", clicked: "đã bấm", converted: "đạt mục tiêu",
        liftHeading: "Hiệu quả so với nhóm đối chứng",
        liftCaption: "Tỷ lệ đạt mục tiêu của khách nhận tin trừ nhóm đối chứng, với khoảng tin cậy 95%",
        liftEmpty: "Không có chiến dịch nào có nhóm đối chứng và mục tiêu trong kỳ này.",
        liftScale: "điểm phần trăm", liftLegendPoint: "chênh lệch", liftLegendInterval: "khoảng tin cậy 95%",
        valueHeading: "Giá trị vòng đời khách hàng",
        valueCaption: "Giá trị dự kiến của mỗi khách trong suốt thời gian mua hàng, theo nhóm",
        valueEmpty: "Không có đơn hàng trong kỳ này.", valueUnknown: "chưa ước tính được (chưa ai rời bỏ)",
        allCustomers: "tất cả khách", noSegment: "chưa có giá trị", customers: "khách",
        loyaltyHeading: "Hạng khách hàng thân thiết", loyaltyCaption: "Khách đã mua hàng theo hạng RFM",
        loyaltyEmpty: "Chưa có khách nào mua hàng.",
        tier: {
            switch $0 {
            case .champions: "Khách tốt nhất"
            case .loyal: "Trung thành"
            case .potential: "Tiềm năng"
            case .atRisk: "Có nguy cơ rời bỏ"
            case .hibernating: "Ngủ đông"
            case .lost: "Đã rời bỏ"
            }
        })
}
