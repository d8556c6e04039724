import ArgumentParser
import RapportCore

/// `--now`: pretend it is another time, to replay a day or to test.
struct NowOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Evaluate as if it were this time (ISO 8601 with offset).",
            discussion: "Example: --now 2026-12-01T09:00:00+07:00", valueName: "time"))
    var now: String?

    var wallClock: any WallClock {
        now.flatMap(Timestamp.parse).map(FixedWallClock.init) ?? SystemWallClock()
    }

    func validate() throws {
        if let now, Timestamp.parse(now) == nil {
            throw ValidationError("--now '\(now)' is not an ISO 8601 time with offset, e.g. 2026-12-01T09:00:00+07:00")
        }
    }
}
