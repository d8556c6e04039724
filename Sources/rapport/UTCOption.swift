import ArgumentParser
import RapportConfig
import RapportCore

/// `--utc`: times in UTC instead of the business's zone, for those who compare with server logs.
struct UTCOption: ParsableArguments {
    @Flag(help: "Print times in UTC instead of the config's time_zone (JSON too).")
    var utc = false

    /// How this command writes times: the config's `time_zone`, or UTC when asked.
    func times(_ config: DaemonConfig) -> ReadableTime {
        utc ? .utc : ReadableTime(zone: config.defaultTimeZone)
    }
}
