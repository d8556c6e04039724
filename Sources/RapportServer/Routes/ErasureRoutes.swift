import Foundation
import HTTPTypes
import Hummingbird
import Logging
import RapportCore
import RapportStore

/// `DELETE /v1/customers/{id}`: an erasure request through the API, as `rapport customer erase`
/// does it, recorded with the client that asked. The body names the reason: `{"reason": "…"}`.
struct ErasureRoutes: Sendable {
    var store: Store
    var settings: HTTPSettings
    var wallClock: any WallClock
    var logger: Logger

    struct Erased: Encodable {
        var erased: String
        var pseudonym: String
        var ledgerRows: Int
        var events: Int
        var surveyAnswers: Int
        var suppressedAddresses: Int

        enum CodingKeys: String, CodingKey {
            case erased, pseudonym
            case ledgerRows = "ledger_rows"
            case events
            case surveyAnswers = "survey_answers"
            case suppressedAddresses = "suppressed_addresses"
        }
    }

    func register(on router: Router<BasicRequestContext>) {
        router.delete("/v1/customers/:id") { request, context in
            await erase(request, segment: context.parameters.get("id") ?? "")
        }
    }

    private func erase(_ request: Request, segment: String) async -> Response {
        guard let client = settings.tokens.value.client(authorization: request.headers[.authorization]) else {
            return Reply.unauthorized
        }
        var request = request
        let id: String, reason: String
        do throws(IngestRejection) {
            id = try CustomerUpdate.id(pathSegment: segment)
            guard let buffer = try? await request.collectBody(upTo: 16 * 1024),
                case .object(let fields) = try JSONValue.parse(Data(buffer.readableBytesView), as: "the body"),
                case .string(let text)? = fields["reason"], !text.trimmingCharacters(in: .whitespaces).isEmpty
            else {
                throw IngestRejection(
                    field: "reason",
                    reason: "give why, as it will be recorded: {\"reason\": \"asked by email, ticket 4411\"}")
            }
            reason = text
        } catch {
            return Reply.json(
                .badRequest,
                APIError(error: "invalid_request", field: error.field.isEmpty ? nil : error.field, reason: error.reason)
            )
        }
        let now = wallClock.now
        do {
            let summary = try await store.inBackground { store throws(StoreError) in
                try store.erase(customerID: id, reason: reason, by: "API client \(client)", at: now)
            }
            guard let summary else {
                return Reply.json(
                    .notFound,
                    APIError(error: "unknown_reference", field: "id", reason: "no customer '\(id)' in the store"))
            }
            logger.info(
                "customer erased on request", metadata: ["client": "\(client)", "pseudonym": "\(summary.pseudonym)"])
            return Reply.json(
                .ok,
                Erased(
                    erased: id, pseudonym: summary.pseudonym, ledgerRows: summary.ledgerRows, events: summary.events,
                    surveyAnswers: summary.surveyAnswers, suppressedAddresses: summary.suppressedAddresses))
        } catch {
            logger.error(
                "erasure: the store refused the write", metadata: ["client": "\(client)", "error": "\(error)"])
            return Reply.json(
                .serviceUnavailable,
                APIError(error: "store_unavailable", field: nil, reason: "the store could not be written; retry later"))
        }
    }
}
