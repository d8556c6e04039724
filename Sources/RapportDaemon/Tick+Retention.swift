public import Foundation
public import Logging
import RapportCore
import RapportStore

extension Tick {
    /// Applies the retention policy at `now`, logging what it removed; a store that refuses is
    /// logged and tried again at the next pass, nothing else depends on it.
    public func prune(at now: Date, logger: Logger) {
        guard let retention else { return }
        do {
            let summary = try store.prune(retention, at: now)
            guard !summary.isEmpty else { return }
            logger.info(
                "retention: pruned personal data past its age",
                metadata: [
                    "events_deleted": "\(summary.events)", "ledger_rows_cleared": "\(summary.ledgerRows)",
                    "survey_comments_cleared": "\(summary.surveyComments)",
                ])
        } catch {
            logger.error("retention: pruning failed; tried again later", metadata: ["error": "\(error)"])
        }
    }
}
