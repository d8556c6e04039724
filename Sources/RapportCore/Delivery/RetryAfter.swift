public import Foundation

/// When a server asked to be tried again: HTTP's `Retry-After` (RFC 9110 §10.2.3), sent with 429
/// and 503 replies. The transport reports it; the delivery engine decides what to do with it.
public enum RetryAfter: Sendable, Hashable, CustomStringConvertible {
    /// `Retry-After: 120`: counted from when the reply arrived, which the engine knows and the
    /// transport does not need to.
    case delay(TimeSpan)
    /// `Retry-After: Wed, 21 Oct 2026 07:28:00 GMT`.
    case date(Date)

    /// Parses delta-seconds or an HTTP-date (IMF-fixdate, or the obsolete RFC 850 and asctime
    /// forms RFC 9110 still asks recipients to accept); nil for anything else, so a malformed
    /// header means "no advice" rather than a failure.
    public init?(headerValue: String) {
        let value = headerValue.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if !value.isEmpty, value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            // A huge number is still "much later", not a parse failure.
            self = .delay(TimeSpan(seconds: Int64(value) ?? Int64.max))
            return
        }
        for format in Self.httpDateFormats {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: value) {
                self = .date(date)
                return
            }
        }
        return nil
    }

    private static let httpDateFormats = [
        "EEE, dd MMM yyyy HH:mm:ss 'GMT'",  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        "EEEE, dd-MMM-yy HH:mm:ss 'GMT'",  // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
        "EEE MMM d HH:mm:ss yyyy",  // asctime: Sun Nov  6 08:49:37 1994 (spaces collapsed first)
    ]

    /// The moment the server named, given when its reply arrived.
    public func date(after received: Date) -> Date {
        switch self {
        case .delay(let span): received.addingTimeInterval(span.timeInterval)
        case .date(let date): date
        }
    }

    public var description: String {
        switch self {
        case .delay(let span): span.description
        case .date(let date): Timestamp.format(date)
        }
    }
}
