import Foundation

extension FormFields {
    /// A posted form in either encoding a sender may choose: RFC 8058 names both
    /// `application/x-www-form-urlencoded` and `multipart/form-data` for one-click unsubscribe,
    /// and mail providers use both. Any other type is read as urlencoded, as browsers send it.
    init(body: String, contentType: String?) {
        if let boundary = contentType.flatMap(Self.multipartBoundary) {
            self.init(multipart: body, boundary: boundary)
        } else {
            self.init(body)
        }
    }

    /// The `boundary` parameter of a `multipart/form-data` content type.
    static func multipartBoundary(_ contentType: String) -> String? {
        let type = contentType.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == "multipart/form-data", let boundary = parameter("boundary", in: Substring(contentType)),
            !boundary.isEmpty
        else { return nil }
        return boundary
    }

    /// RFC 7578: parts between `--boundary` lines, each with headers, a blank line and its value;
    /// the field's name from `Content-Disposition: form-data; name="…"`. Parts without a name
    /// are skipped; files are read as text, which no form of ours sends.
    private init(multipart body: String, boundary: String) {
        self.init("")
        let normalized = body.replacingOccurrences(of: "\r\n", with: "\n")
        for part in normalized.components(separatedBy: "--\(boundary)").dropFirst() {
            guard !part.hasPrefix("--") else { break }
            var text = Substring(part)
            if text.hasPrefix("\n") { text = text.dropFirst() }
            guard let split = text.range(of: "\n\n") else { continue }
            var value = text[split.upperBound...]
            if value.hasSuffix("\n") { value = value.dropLast() }
            let headers = text[..<split.lowerBound].split(separator: "\n")
            guard
                let disposition = headers.first(where: {
                    $0.lowercased().hasPrefix("content-disposition:")
                }),
                let name = Self.parameter("name", in: disposition)
            else { continue }
            append(name: name, value: String(value))
        }
    }

    /// A parameter's value, unquoted, in a header such as `form-data; name="List-Unsubscribe"`.
    private static func parameter(_ wanted: String, in header: Substring) -> String? {
        for parameter in header.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == wanted else {
                continue
            }
            let value = pair[1].trimmingCharacters(in: .whitespaces)
            return value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2
                ? String(value.dropFirst().dropLast()) : value
        }
        return nil
    }
}
