import Foundation
import Hummingbird
import Logging
import RapportCore
import RapportStore

/// Survey answers: each score link in an NPS message opens `GET /nps/{token}?score=N`, which stores
/// the score at once (one click is the answer) and shows a page to change it or add a comment —
/// unless other scores of the same survey were fetched just before, as mail scanners do: then
/// none of them counts (`Store.recordScoreLink`), and the page's form is how a person answers.
struct SurveyRoutes: Sendable {
    var store: Store
    var links: LinkSettings
    var wallClock: any WallClock
    var logger: Logger

    /// Comment forms are small; anything bigger is not a browser's form.
    static let maximumFormBytes = 16 * 1024

    func register(on router: Router<BasicRequestContext>) {
        router.get("/nps/:token") { request, context in
            let score = request.uri.queryParameters.get("score").flatMap { Int($0) }
            return await respond(request, token: context.parameters.get("token") ?? "", score: score, comment: nil)
        }
        router.post("/nps/:token") { request, context in
            var request = request
            guard let buffer = try? await request.collectBody(upTo: Self.maximumFormBytes) else {
                return invalid(request, status: .contentTooLarge)
            }
            let form = FormFields(String(buffer: buffer))
            return await respond(
                request, token: context.parameters.get("token") ?? "", score: form.first("score").flatMap { Int($0) },
                comment: form.first("comment") ?? "")
        }
    }

    /// `comment` nil: a score link was followed (keep any earlier comment); else the form's text.
    private func respond(_ request: Request, token text: String, score: Int?, comment: String?) async -> Response {
        let now = wallClock.now
        guard let token = links.signer.verify(text, purpose: .nps, at: now) else { return invalid(request) }
        do {
            guard
                let customer = try await store.inBackground({ store throws(StoreError) in
                    try store.customer(id: token.customerID)
                })
            else { return invalid(request) }
            let language = PageLanguage.choose(
                locale: customer.locale, acceptLanguage: request.headers[.acceptLanguage])
            guard let score,
                let answer = SurveyAnswer(
                    customerID: customer.id, campaignID: token.campaignID, occurrence: token.occurrence, score: score,
                    comment: comment)
            else { return invalid(request, status: .badRequest) }
            let window = links.npsScanWindow
            let stored: SurveyAnswer?
            if comment == nil {
                let outcome = try await store.inBackground { store throws(StoreError) in
                    try store.recordScoreLink(answer, at: now, window: window)
                }
                switch outcome {
                case nil: return invalid(request)
                case .answered(let answer): stored = answer
                case .sweep:
                    logger.info(
                        "survey score links fetched together: discarded as a scanner's sweep",
                        metadata: [
                            "customer": "\(answer.customerID)", "campaign": "\(answer.campaignID)",
                            "occurrence": "\(answer.occurrence)", "score": "\(answer.score)",
                        ])
                    stored = nil
                }
            } else {
                guard
                    let answer = try await store.inBackground({ store throws(StoreError) in
                        try store.record(answer, at: now)
                    })
                else { return invalid(request) }
                stored = answer
            }
            return Reply.html(
                .ok,
                SurveyPage.html(
                    language: language, firstName: customer.firstName, answer: stored, commentSaved: comment != nil))
        } catch {
            logger.error("survey answer not stored", metadata: ["error": "\(error)"])
            return Reply.html(.serviceUnavailable, InvalidLinkPage.html(language: .english))
        }
    }

    private func invalid(_ request: Request, status: HTTPResponse.Status = .notFound) -> Response {
        Reply.html(
            status,
            InvalidLinkPage.html(
                language: PageLanguage.choose(locale: nil, acceptLanguage: request.headers[.acceptLanguage])))
    }
}
