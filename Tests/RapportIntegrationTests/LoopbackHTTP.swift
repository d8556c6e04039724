import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A plain HTTP client for the daemon's port, without cookies or caches, as a mail reader's
/// one-click POST or a monitoring probe would call it.
enum LoopbackHTTP {
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.requestCachePolicy = .reloadIgnoringLocalAndRemoteCacheData
        configuration.timeoutIntervalForRequest = 10
        return URLSession(configuration: configuration)
    }()

    static func send(
        _ method: String, _ url: String, headers: [String: String] = [:], body: String? = nil
    ) async throws -> Answer {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body.map { Data($0.utf8) }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields["\(name)".lowercased()] = "\(value)" }
        return Answer(status: http.statusCode, headers: fields, body: String(decoding: data, as: UTF8.self))
    }

    /// The status of a GET, blocking the calling thread (never call it from a task): for checks
    /// timed on a thread of their own. nil when nothing answered within 10 s.
    static func statusBlocking(_ url: String) -> Int? {
        let answer = Mutex<Int?>(nil)
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: URL(string: url)!) { _, response, _ in
            answer.withLock { $0 = (response as? HTTPURLResponse)?.statusCode }
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + 10)
        return answer.withLock { $0 }
    }

    /// Polls `url` until it answers `status`, or gives up after `limit`.
    static func wait(for status: Int, at url: String, within limit: Duration) async -> Bool {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < limit {
            if let answer = try? await send("GET", url), answer.status == status { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
