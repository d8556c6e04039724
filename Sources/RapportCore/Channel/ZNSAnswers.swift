public import Foundation

/// How Rapport reads Zalo's answers: the Notification Service's result codes, and the OAuth
/// endpoint's token renewal.
///
/// ZNS answers HTTP 200 with `{"error": 0, "data": {"msg_id": …}}` when it takes a message, and
/// with a negative code in `error` when it does not. The codes below are those of Zalo's published
/// table (zalo.cloud, "Cách xử lý mã lỗi"); a code not listed is retried until the give-up age and
/// its reply says so.
public enum ZNSAnswers {
    /// Codes that mean the access token is no longer accepted: renewed once, then the message
    /// is tried again.
    public static let rejectedToken: Set<String> = ["-124"]

    public static let rule = APIResultRule(
        field: "error", accepted: ["0"],
        // -100 unknown error, try later; -115 out of quota (the OA's balance or daily quota).
        retry: ["-100", "-115"],
        // This phone cannot get ZNS: -108 invalid number, -110 Zalo too old, -114 inactive or
        // refused ZNS, -118 no Zalo account, -119 cannot receive ZNS, -139 refused this type.
        refused: ["-108", "-110", "-114", "-118", "-119", "-139"],
        // Rapport's setup: app (-101…-105), method (-106), template (-109, -111, -112, -116, -117),
        // token (-124), OA (-125).
        setup: [
            "-101", "-102", "-103", "-104", "-105", "-106", "-107", "-109", "-111", "-112", "-116", "-117", "-124",
            "-125",
        ],
        messageIDField: "data.msg_id")

    /// Whether a 200 answer says the access token was refused.
    public static func rejectsToken(_ response: APIResponse) -> Bool {
        guard (200..<300).contains(response.status),
            let json = try? JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed]),
            let code = APIResultRule.text(at: rule.field, in: json)
        else { return false }
        return rejectedToken.contains(code)
    }

    /// The JSON body ZNS takes: the phone as `84…`, the template and its data, and a tracking id
    /// derived from the occurrence, so a resend after a crash carries the same one.
    public static func body(phone: PhoneNumber, message: ZNSMessage, trackingID: String) -> [UInt8] {
        struct Body: Encodable {
            var phone: String
            var template_id: String
            var template_data: [String: String]
            var tracking_id: String
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = Body(
            phone: phone.digits, template_id: message.templateID, template_data: message.data, tracking_id: trackingID)
        return Array((try? encoder.encode(body)) ?? Data())
    }

    /// The form the OAuth endpoint takes to renew an access token.
    public static func renewalForm(appID: String, refreshToken: String) -> [UInt8] {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        return Array("app_id=\(encode(appID))&grant_type=refresh_token&refresh_token=\(encode(refreshToken))".utf8)
    }

    /// The renewed tokens in the OAuth endpoint's answer (`access_token`, `refresh_token`,
    /// `expires_in` in seconds, as text or a number), or why there are none. A refused refresh
    /// token is a configuration error: only a new one from Zalo (`rapport zns set-refresh-token`)
    /// helps.
    public static func renewal(_ response: APIResponse, at now: Date) -> Result<ZNSTokens, TransportError> {
        guard (200..<300).contains(response.status) else {
            if case .failure(let error) = response.outcome { return .failure(error) }
            return .failure(TransportError(.temporary, reply: response.reply))
        }
        guard let json = try? JSONSerialization.jsonObject(with: Data(response.body)),
            let access = APIResultRule.text(at: "access_token", in: json), !access.isEmpty,
            let refresh = APIResultRule.text(at: "refresh_token", in: json), !refresh.isEmpty
        else {
            return .failure(
                TransportError(
                    .configuration,
                    reply:
                        "Zalo refused to renew the access token (HTTP \(response.status), error \(((try? JSONSerialization.jsonObject(with: Data(response.body))).flatMap { APIResultRule.text(at: "error", in: $0) }) ?? "?")); set a new refresh token with rapport zns set-refresh-token"
                ))
        }
        let expiresIn = APIResultRule.text(at: "expires_in", in: json).flatMap(Double.init) ?? 3600
        return .success(
            ZNSTokens(
                accessToken: access, accessExpiresAt: now.addingTimeInterval(expiresIn), refreshToken: refresh))
    }
}
