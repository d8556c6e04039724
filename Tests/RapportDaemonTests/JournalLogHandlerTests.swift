import Logging
import Testing

@testable import RapportDaemon

/// Lines journald files under the right priority, one line per event whatever it holds.
@Suite struct JournalLogHandlerTests {
    @Test(arguments: [
        (Logger.Level.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3), (.critical, 2),
    ])
    func eachLevelCarriesItsSyslogPriority(level: Logger.Level, priority: Int) {
        #expect(JournalLogHandler.line(level: level, message: "m", metadata: [:]) == "<\(priority)>m\n")
    }

    @Test func metadataIsSortedAndNewlinesCannotForgeASecondLine() {
        let line = JournalLogHandler.line(
            level: .info, message: "skipped\n<3>forged", metadata: ["reason": "cooldown", "customer": "C\n1"])
        #expect(line == "<6>skipped <3>forged customer=C 1 reason=cooldown\n")
    }

    @Test func standardErrorIsTheJournalOnlyWhenItsDeviceAndInodeMatch() {
        #expect(!JournalLogHandler.standardErrorIsJournal(environment: [:]))
        #expect(!JournalLogHandler.standardErrorIsJournal(environment: ["JOURNAL_STREAM": "1:2"]))
        #expect(!JournalLogHandler.standardErrorIsJournal(environment: ["JOURNAL_STREAM": "garbage"]))
    }
}
