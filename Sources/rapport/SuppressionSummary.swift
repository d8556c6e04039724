/// What `suppress add` and `suppress import` did, as a line or as one JSON object.
struct SuppressionSummary: Encodable {
    var added: Int
    var alreadyListed: Int
    /// Arguments (`add`) or lines (`import`) that were not addresses.
    var skipped: Int
    /// The imported file; nil for `add`.
    var file: String?

    var text: String {
        let counts =
            "\(counted(added, "address", plural: "addresses")) added, \(alreadyListed) already listed, "
            + (file == nil ? "\(skipped) skipped" : "\(counted(skipped, "line")) skipped")
        return file.map { "\($0): \(counts)" } ?? counts
    }
}
