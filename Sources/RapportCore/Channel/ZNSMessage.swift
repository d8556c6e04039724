/// One rendered Zalo Notification Service message: what the `zns` transport posts.
public struct ZNSMessage: Sendable, Equatable {
    public var templateID: String
    public var data: [String: String]

    public init(templateID: String, data: [String: String]) {
        self.templateID = templateID
        self.data = data
    }

    /// The parameters as lines, for the ledger, previews and archives.
    public var text: String {
        data.keys.sorted().map { "\($0): \(data[$0]!)" }.joined(separator: "\n")
    }
}
