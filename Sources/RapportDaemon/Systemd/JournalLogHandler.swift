public import Foundation
public import Logging

/// Log lines for systemd's journal: each starts with sd-daemon's `<N>` priority prefix, so
/// `journalctl -u rapport -p warning` shows exactly what needs the operator's attention, and
/// carries no timestamp of its own (the journal stamps every line).
///
/// Used only when standard error is the journal's stream (`$JOURNAL_STREAM` names its device
/// and inode); anywhere else the prefix would be noise, and the usual stream handler is used.
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    public init() {}

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        if let provided = metadataProvider?.get() { fields.merge(provided) { $1 } }
        if let own = event.metadata { fields.merge(own) { $1 } }
        let line = Self.line(level: event.level, message: "\(event.message)", metadata: fields)
        line.utf8CString.withUnsafeBufferPointer { buffer in
            // One write per line: lines from concurrent tasks never interleave in the stream.
            _ = write(STDERR_FILENO, buffer.baseAddress, buffer.count - 1)
        }
    }

    /// `<priority>message key=value …`, on one line whatever the message holds.
    static func line(level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        var text = message
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) { text += " \(key)=\(value)" }
        let single = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return "<\(priority(of: level))>\(single)\n"
    }

    /// syslog(3) priorities, as sd-daemon(3) and journald read them.
    static func priority(of level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// Whether standard error is connected to the journal, as systemd.exec(5) says to check:
    /// `$JOURNAL_STREAM` is `device:inode` of that stream, and a redirected stderr differs.
    public static func standardErrorIsJournal(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Bool {
        guard let stream = environment["JOURNAL_STREAM"] else { return false }
        let parts = stream.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var status = stat()
        guard fstat(STDERR_FILENO, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }
}
