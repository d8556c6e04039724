import Foundation
import Hummingbird
import Logging
import RapportCore
import RapportStore

/// Unsubscribe links (RFC 8058). `GET /u/{token}` only shows the choices — mail scanners and link
/// previews follow links, and must never unsubscribe anyone. `POST /u/{token}` with the body
/// `List-Unsubscribe=One-Click` (what mail readers send for the List-Unsubscribe-Post header),
/// urlencoded or as `multipart/form-data`, declines marketing and surveys at once; the page's
/// form posts the customer's own choice.
struct UnsubscribeRoutes: Sendable {
    var store: Store
    var links: LinkSettings
    var wallClock: any WallClock
    var logger: Logger

    static let oneClickField = (name: "List-Unsubscribe", value: "One-Click")
    static let declinable: Set<MessageCategory> = [.marketing, .survey]

    func register(on router: Router<BasicRequestContext>) {
        router.get("/u/:token") { request, context in
            await respond(request, token: context.parameters.get("token") ?? "", form: nil)
        }
        router.post("/u/:token") { request, context in
            var request = request
            guard let buffer = try? await request.collectBody(upTo: SurveyRoutes.maximumFormBytes) else {
                return Reply.text(.contentTooLarge, "the form is too large\n")
            }
            let form = FormFields(body: String(buffer: buffer), contentType: request.headers[.contentType])
            return await respond(request, token: context.parameters.get("token") ?? "", form: form)
        }
    }

    private func respond(_ request: Request, token text: String, form: FormFields?) async -> Response {
        let now = wallClock.now
        let browserLanguage = PageLanguage.choose(locale: nil, acceptLanguage: request.headers[.acceptLanguage])
        guard let token = links.signer.verify(text, purpose: .unsubscribe, at: now) else {
            return Reply.html(.notFound, InvalidLinkPage.html(language: browserLanguage))
        }
        do {
            guard
                let customer = try await store.inBackground({ store throws(StoreError) in
                    try store.customer(id: token.customerID)
                })
            else {
                return Reply.html(.notFound, InvalidLinkPage.html(language: browserLanguage))
            }
            let language = PageLanguage.choose(
                locale: customer.locale, acceptLanguage: request.headers[.acceptLanguage])
            guard let form else {
                return Reply.html(
                    .ok,
                    UnsubscribePage.html(
                        language: language, email: customer.email ?? customer.phone ?? customer.id, declined: customer.unsubscribedCategories,
                        saved: false))
            }
            let declined: Set<MessageCategory>
            let isOneClick =
                form.first(Self.oneClickField.name)?.trimmingCharacters(in: .whitespacesAndNewlines)
                == Self.oneClickField.value
            if isOneClick {
                declined = Self.declinable
            } else {
                guard form.first("confirm") == "yes" else {
                    return Reply.html(.badRequest, InvalidLinkPage.html(language: language))
                }
                declined = Set(form.all("category").compactMap(MessageCategory.init(rawValue:)))
                    .intersection(Self.declinable)
            }
            let customerID = customer.id
            guard
                try await store.inBackground({ store throws(StoreError) in
                    try store.setUnsubscribed(
                        declined, customerID: customerID, campaignID: token.campaignID, occurrence: token.occurrence,
                        source: isOneClick ? "one-click unsubscribe" : "unsubscribe page", at: now)
                })
            else { return Reply.html(.notFound, InvalidLinkPage.html(language: browserLanguage)) }
            logger.info(
                "unsubscribe",
                metadata: [
                    "customer": "\(customer.id)", "campaign": "\(token.campaignID)",
                    "declined": "\(declined.map(\.rawValue).sorted().joined(separator: ","))",
                    "one_click": "\(isOneClick)",
                ])
            if isOneClick { return Reply.text(.ok, "unsubscribed\n") }
            return Reply.html(
                .ok,
                UnsubscribePage.html(language: language, email: customer.email ?? customer.phone ?? customer.id, declined: declined, saved: true))
        } catch {
            logger.error("unsubscribe not stored", metadata: ["error": "\(error)"])
            return Reply.html(.serviceUnavailable, InvalidLinkPage.html(language: browserLanguage))
        }
    }
}
