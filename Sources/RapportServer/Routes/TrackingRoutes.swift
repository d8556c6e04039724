import Foundation
import HTTPTypes
import Hummingbird
import Logging
import RapportCore
import RapportStore

/// Opens and clicks of campaigns that turned tracking on. `GET /o/{token}` answers a transparent
/// 1×1 GIF and records an open; `GET /c/{token}` records a click and redirects to the URL signed
/// into the token — only a URL that was in the rendered message, so the route is no open redirect.
struct TrackingRoutes: Sendable {
    var store: Store
    var links: LinkSettings
    var wallClock: any WallClock
    var logger: Logger

    /// The smallest transparent GIF.
    static let pixel: [UInt8] = [
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF,
        0xFF, 0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
        0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ]

    func register(on router: Router<BasicRequestContext>) {
        router.get("/o/:token") { _, context in
            let now = wallClock.now
            if let token = links.signer.verify(context.parameters.get("token") ?? "", purpose: .open, at: now) {
                await record(.open, token, at: now)
            }
            // The image either way: a mail reader shows nothing different for a bad token.
            return Response(
                status: .ok, headers: [.contentType: "image/gif", .cacheControl: "no-store, private"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: Self.pixel)))
        }
        router.get("/c/:token") { request, context in
            let now = wallClock.now
            guard let token = links.signer.verify(context.parameters.get("token") ?? "", purpose: .click, at: now),
                let target = token.target
            else {
                return Reply.html(
                    .notFound,
                    InvalidLinkPage.html(
                        language: PageLanguage.choose(locale: nil, acceptLanguage: request.headers[.acceptLanguage])))
            }
            await record(.click, token, url: target, at: now)
            return Response(status: .found, headers: [.location: target, .cacheControl: "no-store, private"])
        }
    }

    /// A failed write loses one count, never the customer's click: the redirect goes out anyway.
    private func record(_ kind: MessageEventKind, _ token: LinkToken, url: String? = nil, at now: Date) async {
        do {
            try await store.inBackground { store throws(StoreError) in
                try store.recordMessageEvent(
                    kind, campaignID: token.campaignID, customerID: token.customerID, occurrence: token.occurrence,
                    url: url, at: now)
            }
        } catch {
            logger.error("tracking event not stored", metadata: ["kind": "\(kind.rawValue)", "error": "\(error)"])
        }
    }
}
