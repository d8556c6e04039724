public import Logging
public import RapportConfig
public import RapportCore

/// The campaigns the daemon runs, re-read every tick so edits apply without a restart.
///
/// A file that stops loading keeps its last good version running and its error is logged once,
/// so one bad edit never stops the other campaigns nor drops the broken one.
public actor CampaignLibrary {
    private let directory: String
    private let transports: [String: TransportConfig]
    private let linksConfigured: Bool
    private var lastGood: [String: Campaign] = [:]
    private var reportedErrors: Set<String> = []

    /// `initial`: a set already loaded and checked (at start or on a reload), kept as the last
    /// good version of each file until a tick reads the folder again.
    public init(
        directory: String, transports: [String: TransportConfig], linksConfigured: Bool = false, initial: [Campaign] = []) {
        self.directory = directory
        self.transports = transports
        self.linksConfigured = linksConfigured
        for campaign in initial { lastGood[campaign.sourceFile] = campaign }
    }

    /// The campaigns running now: the last good version of each file.
    public var campaigns: [Campaign] { lastGood.values.sorted { $0.id < $1.id } }

    public func reload(logger: Logger) -> [Campaign] {
        let loaded = CampaignSet.load(from: directory, transports: transports, linksConfigured: linksConfigured)
        let brokenFiles = Set(loaded.errors.map(\.location.file))
        var current: [String: Campaign] = [:]
        for campaign in loaded.campaigns { current[campaign.sourceFile] = campaign }
        for file in brokenFiles {
            if let previous = lastGood[file] { current[file] = previous }
        }
        let messages = Set(loaded.errors.map(\.description))
        for message in messages.subtracting(reportedErrors).sorted() {
            logger.error("campaign rejected; keeping its last good version if any", metadata: ["error": "\(message)"])
        }
        reportedErrors = messages
        lastGood = current
        return current.values.sorted { $0.id < $1.id }
    }
}
