import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import RapportCore
import RapportStore

/// The ingest API for the business's own systems: customers and events, each alone or in a
/// batch. A request is authorised by a bearer token, size-checked before it is read, validated as
/// a whole, and applied whole or not at all, in a transaction it shares with the requests that
/// arrived while the previous one was written (`IngestQueue`).
struct IngestRoutes: Sendable {
    var queue: IngestQueue
    var settings: HTTPSettings
    var metrics: DaemonMetrics
    var wallClock: any WallClock
    var logger: Logger

    static let idempotencyKeyHeader = HTTPField.Name("Idempotency-Key")!
    static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!

    func register(on router: Router<BasicRequestContext>) {
        router.put("/v1/customers/:id") { request, context in
            let segment = context.parameters.get("id") ?? ""
            return await handle(request) { body, now throws(IngestRejection) in
                let id = try CustomerUpdate.id(pathSegment: segment)
                return .customers([
                    try CustomerUpdate.patch(id: id, from: body, now: now, countryCode: settings.phoneCountryCode)
                ])
            }
        }
        router.post("/v1/customers/batch") { request, _ in
            await handle(request) { body, now throws(IngestRejection) in
                .customers(try CustomerUpdate.batch(from: body, now: now, countryCode: settings.phoneCountryCode))
            }
        }
        router.post("/v1/events") { request, _ in
            await handle(request) { body, now throws(IngestRejection) in
                .events([try EventSubmission.event(from: body, receivedAt: now, defaultTime: now)])
            }
        }
        router.post("/v1/events/batch") { request, _ in
            await handle(request) { body, now throws(IngestRejection) in
                .events(try EventSubmission.batch(from: body, receivedAt: now))
            }
        }
    }

    private func handle(
        _ request: Request, parse: (JSONValue, Date) throws(IngestRejection) -> IngestChange
    ) async -> Response {
        let response = await answer(request, parse: parse)
        metrics.recordIngest(status: Int(response.status.code))
        return response
    }

    private func answer(
        _ request: Request, parse: (JSONValue, Date) throws(IngestRejection) -> IngestChange
    ) async -> Response {
        guard let client = settings.tokens.value.client(authorization: request.headers[.authorization]) else {
            return Reply.unauthorized
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > settings.maximumBodyBytes {
            return tooLarge()
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: settings.maximumBodyBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            return tooLarge()
        } catch {
            return Reply.json(
                .badRequest, APIError(error: "invalid_request", field: nil, reason: "the body could not be read"))
        }
        let body = Data(buffer.readableBytesView)
        let now = wallClock.now
        let change: IngestChange
        do throws(IngestRejection) {
            change = try parse(try JSONValue.parse(body, as: "the body"), now)
        } catch {
            return Reply.json(
                .badRequest,
                APIError(error: "invalid_request", field: error.field.isEmpty ? nil : error.field, reason: error.reason)
            )
        }
        var claim: IdempotencyClaim?
        if let key = request.headers[Self.idempotencyKeyHeader] {
            guard (1...255).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                return Reply.json(
                    .badRequest,
                    APIError(
                        error: "invalid_request", field: "Idempotency-Key",
                        reason: "give 1 to 255 printable ASCII characters, e.g. a UUID"))
            }
            var fingerprint = SHA256()
            fingerprint.update(data: Data("\(request.method.rawValue) \(request.uri.path)\n".utf8))
            fingerprint.update(data: body)
            claim = IdempotencyClaim(
                client: client, key: key,
                fingerprint: fingerprint.finalize().lowercaseHex)
        }
        let isPut = request.method == .put
        do {
            let result = try await queue.ingest(
                IngestRequest(change: change, client: client, idempotency: claim, receivedAt: now) { summary in
                    let created = summary.customersCreated > 0 && isPut
                    return IngestReply(status: created ? 201 : 200, body: Self.encode(summary))
                })
            switch result {
            case .applied(let reply):
                return Reply.json(HTTPResponse.Status(code: reply.status), raw: reply.body)
            case .replayed(let reply):
                return Reply.json(
                    HTTPResponse.Status(code: reply.status), raw: reply.body, headers: [Self.replayedHeader: "true"])
            case .keyReused:
                return Reply.json(
                    .unprocessableContent,
                    APIError(
                        error: "idempotency_key_reused", field: "Idempotency-Key",
                        reason: "this key was already used with a different request; use a new key for a new request"))
            case .rejected(let rejection):
                return Reply.json(
                    .unprocessableContent,
                    APIError(error: "unknown_reference", field: rejection.field, reason: rejection.reason))
            }
        } catch {
            logger.error("ingest: the store refused the write", metadata: ["client": "\(client)", "error": "\(error)"])
            return Reply.json(
                .serviceUnavailable,
                APIError(error: "store_unavailable", field: nil, reason: "the store could not be written; retry later"))
        }
    }

    private func tooLarge() -> Response {
        Reply.json(
            .contentTooLarge,
            APIError(
                error: "body_too_large", field: nil,
                reason:
                    "the body is over \(settings.maximumBodyBytes) bytes (server.max_body); split the batch"))
    }

    private struct SummaryBody: Encodable {
        var customers_created: Int
        var customers_updated: Int
        var events_recorded: Int
        var events_duplicate: Int
    }

    private static func encode(_ summary: IngestSummary) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = SummaryBody(
            customers_created: summary.customersCreated, customers_updated: summary.customersUpdated,
            events_recorded: summary.eventsRecorded, events_duplicate: summary.eventsDuplicate)
        return String(decoding: (try? encoder.encode(body)) ?? Data(), as: UTF8.self)
    }
}
