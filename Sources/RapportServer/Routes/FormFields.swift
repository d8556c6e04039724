import Foundation

/// An `application/x-www-form-urlencoded` body, as browsers post forms (`multipart/form-data` in
/// `FormFields+Multipart.swift`).
struct FormFields {
    private(set) var pairs: [(name: String, value: String)] = []

    init(_ body: String) {
        for part in body.split(separator: "&") {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            pairs.append((decode(pair[0]), pair.count > 1 ? decode(pair[1]) : ""))
        }
    }

    mutating func append(name: String, value: String) { pairs.append((name, value)) }

    func first(_ name: String) -> String? { pairs.first { $0.name == name }?.value }

    func all(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }
}
