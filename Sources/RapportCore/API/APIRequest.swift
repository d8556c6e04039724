/// The body and headers of one HTTP API request, before the transport adds the credential.
public struct APIRequest: Sendable, Equatable {
    /// UTF-8 JSON.
    public var body: [UInt8]
    /// `Content-Type`, `Accept` and `Idempotency-Key`, in that order.
    public var headers: [HTTPHeader]

    public init(body: [UInt8], headers: [HTTPHeader]) {
        self.body = body
        self.headers = headers
    }
}
