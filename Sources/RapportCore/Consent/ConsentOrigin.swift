/// Where customer data that may change consent comes from, so each change names its source.
public enum ConsentOrigin: Sendable, Equatable {
    /// `rapport import customers FILE`: each row by its line.
    case importFile(path: String, lines: [Int])
    /// The ingest API, by the client named in the token file.
    case apiClient(String)
    /// Anything else: a command or a test.
    case other(String)

    /// The source of the `index`th patch of a batch.
    public func source(of index: Int) -> String {
        switch self {
        case .importFile(let path, let lines): index < lines.count ? "import \(path):\(lines[index])" : "import \(path)"
        case .apiClient(let name): "API client \(name)"
        case .other(let name): name
        }
    }
}
