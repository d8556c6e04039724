import Foundation

/// Open and click tracking for one campaign's HTML mail, off unless the campaign asks for it: an
/// invisible image whose fetch records an open, and each link rewritten to a signed redirect that
/// records the click. Plain-text parts are left alone, so the text a customer reads stays honest.
public struct MessageTracking: Sendable, Equatable {
    public var opens: Bool
    public var clicks: Bool

    public init(opens: Bool = false, clicks: Bool = false) {
        self.opens = opens
        self.clicks = clicks
    }

    public var isOn: Bool { opens || clicks }

    /// `html` with http(s) links (other than the daemon's own: unsubscribe, survey) pointing at
    /// `/c/{token}` and, for opens, an image at `/o/{token}` at the end of the body.
    func apply(
        to html: String, links: LinkSettings, customerID: String, campaignID: String, occurrence: OccurrenceKey
    ) -> String {
        var result = html
        if clicks {
            result = Self.rewritingLinks(in: result) { target in
                // Only plain web links: a URL broken by whitespace or control characters stays as
                // it is rather than become a redirect header.
                guard target.hasPrefix("https://") || target.hasPrefix("http://"),
                    !target.hasPrefix(links.baseURL + "/"),
                    !target.unicodeScalars.contains(where: {
                        $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F
                    })
                else { return nil }
                let token = links.messageToken(
                    .click, customerID: customerID, campaignID: campaignID, occurrence: occurrence, target: target)
                return "\(links.baseURL)/c/\(token)"
            }
        }
        if opens {
            let token = links.messageToken(
                .open, customerID: customerID, campaignID: campaignID, occurrence: occurrence)
            let pixel =
                "<img src=\"\(links.baseURL)/o/\(token)\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0\">"
            if let end = result.range(of: "</body>", options: [.caseInsensitive, .backwards]) {
                result.insert(contentsOf: pixel, at: end.lowerBound)
            } else {
                result += pixel
            }
        }
        return result
    }

    /// Replaces the value of every `href="…"` / `href='…'` for which `replacement` (given the
    /// unescaped URL) returns a new one; the new value is written HTML-escaped.
    static func rewritingLinks(in html: String, _ replacement: (String) -> String?) -> String {
        var output = ""
        var rest = html[...]
        while let attribute = rest.range(of: "href", options: .caseInsensitive) {
            output += rest[..<attribute.upperBound]
            rest = rest[attribute.upperBound...]
            let afterSpaces = rest.drop { $0 == " " }
            guard afterSpaces.first == "=" else { continue }
            let value = afterSpaces.dropFirst().drop { $0 == " " }
            guard let quote = value.first, quote == "\"" || quote == "'",
                let close = value.dropFirst().firstIndex(of: quote)
            else { continue }
            let raw = String(value[value.index(after: value.startIndex)..<close])
            output += rest[rest.startIndex..<value.startIndex]
            if let new = replacement(unescapeAttribute(raw)) {
                output += "\(quote)\(HTMLText.escape(new))\(quote)"
            } else {
                output += "\(quote)\(raw)\(quote)"
            }
            rest = value[value.index(after: close)...]
        }
        return output + rest
    }

    static func unescapeAttribute(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
