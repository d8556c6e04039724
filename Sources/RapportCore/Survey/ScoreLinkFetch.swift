public import Foundation

/// One fetch of a survey's score link (`GET /nps/{token}?score=N`), kept so a mail scanner's
/// sweep can be told from a person's click.
public struct ScoreLinkFetch: Sendable, Equatable {
    public var score: Int
    public var at: Date
    /// Part of a sweep: it did not count as the answer.
    public var discarded: Bool

    public init(score: Int, at: Date, discarded: Bool) {
        self.score = score
        self.at = at
        self.discarded = discarded
    }

    /// Whether a fetch of `score` at `now` is part of a scanner's sweep, given the survey's fetches
    /// within `window` before it: another score fetched in that span, or a sweep still going on.
    /// Link scanners fetch every link of a message within seconds; a person clicks one.
    public static func isSweep(score: Int, after recent: [ScoreLinkFetch]) -> Bool {
        recent.contains { $0.score != score || $0.discarded }
    }
}
