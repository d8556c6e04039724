import ArgumentParser
import RapportCore

/// `--now`: pretend it is another time, to replay a day or to test.
struct NowOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Evaluate as if it were this time (ISO 8601 with offset).",
            discussion: "Example: --now 2026-12-01T09:00:00+07:00", valueName: "time"))
    var now: String?

    var wallClock: any WallClock { Self.clock(now) }

    func validate() throws { try Self.check(now) }

    /// The clock a `--now` value stands for: fixed at it, or the system's when none was given.
    static func clock(_ now: String?) -> any WallClock {
        now.flatMap(Timestamp.parse).map(FixedWallClock.init) ?? SystemWallClock()
    }

    /// Refuses a `--now` that is not an instant, whatever the command uses it for.
    static func check(_ now: String?) throws {
        if let now, Timestamp.parse(now) == nil {
            throw ValidationError("--now '\(now)' is not an ISO 8601 time with offset, e.g. 2026-12-01T09:00:00+07:00")
        }
    }
}
