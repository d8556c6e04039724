import ArgumentParser
import RapportCore

/// `--now` on commands that write data (imports, suppressions): nothing is evaluated there; the
/// time is what the records are stamped with and what times in a file are checked against.
struct RecordedAtOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Record as made at this time (ISO 8601 with offset): the time stamped on what is written, and the 'now' that times in the file may not be more than a day after.",
            discussion: "Example: --now 2026-12-01T09:00:00+07:00", valueName: "time"))
    var now: String?

    var wallClock: any WallClock { NowOption.clock(now) }

    func validate() throws { try NowOption.check(now) }
}
