import Foundation
import HTTPTypes
import Hummingbird

/// Responses the routes send: JSON for the API, HTML for pages, plain text for monitoring.
enum Reply {
    static func json(_ status: HTTPResponse.Status, _ body: some Encodable, headers: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(body)) ?? Data("{}".utf8)
        return json(status, raw: String(decoding: data, as: UTF8.self), headers: headers)
    }

    static func json(_ status: HTTPResponse.Status, raw: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: raw)))
    }

    /// 401 for an API request without a valid bearer token.
    static var unauthorized: Response {
        json(
            .unauthorized,
            APIError(
                error: "unauthorized", field: nil,
                reason: "send 'Authorization: Bearer <token>' with a token from the daemon's api_tokens_file"),
            headers: [.wwwAuthenticate: "Bearer realm=\"rapport\""])
    }

    static func html(_ status: HTTPResponse.Status, _ page: String) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                // Pages hold no script and load nothing from elsewhere; say so to the browser.
                .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
                HTTPField.Name("Referrer-Policy")!: "no-referrer",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
    }

    static func text(_ status: HTTPResponse.Status, _ text: String, contentType: String = "text/plain; charset=utf-8")
        -> Response
    {
        Response(
            status: status, headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The JSON body of every refused API request: a code to branch on, the field, and what to do.
struct APIError: Encodable {
    var error: String
    var field: String?
    var reason: String
}
