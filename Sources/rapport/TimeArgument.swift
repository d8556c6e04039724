import ArgumentParser
import Foundation
import RapportCore

/// A time given on the command line: an instant with offset, a `YYYY-MM-DD` day (its start in
/// the config's zone), or an age before `now` such as `7d`.
enum TimeArgument {
    static func instant(_ text: String, option: String, zone: TimeZone, now: Date) throws -> Date {
        if let instant = Timestamp.parse(text) { return instant }
        if let date = LocalDate(text) { return date.start(in: zone) }
        if let age = TimeSpan(text) { return now.addingTimeInterval(-age.timeInterval) }
        throw ValidationError("\(option) '\(text)' is not a time, a YYYY-MM-DD date or an age such as 7d")
    }
}
