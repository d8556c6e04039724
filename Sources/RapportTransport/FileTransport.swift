import Foundation
public import RapportCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes each message as an `.eml` file instead of sending it: for previews, for testing
/// campaigns against real data, and for hand-off to another mail system that watches a directory.
///
/// A message appears under its final name only once complete and on disk (written to a temporary
/// file in the same directory, flushed, then renamed), so a crash never leaves half a message and a
/// watcher never reads one. Sending the same message again replaces its file.
public struct FileTransport: Transport {
    public let directory: String

    /// The directory is created on the first delivery if it is missing.
    public init(directory: String) {
        self.directory = directory
    }

    public func deliver(_ envelope: Envelope) async throws(TransportError) -> TransportReceipt {
        let path = (directory as NSString).appendingPathComponent(Self.fileName(for: envelope.messageID))
        let temporaryPath = (directory as NSString).appendingPathComponent(".\(UUID().uuidString).tmp")
        do throws(POSIXError) {
            try Self.createDirectories(directory)
            try Self.writeDurably(envelope.data, to: temporaryPath)
            try Self.check(rename(temporaryPath, path))
            try Self.syncDirectory(directory)
        } catch {
            unlink(temporaryPath)
            let reason = String(cString: strerror(error.code.rawValue))
            throw TransportError(
                Self.isTransient(error.code) ? .temporary : .configuration,
                reply: "cannot write \(path): \(reason); check that Rapport may write to \(directory)"
            )
        }
        return TransportReceipt(reply: "written \(path)")
    }

    /// The Message-ID made safe as a file name: it cannot name another directory or a hidden file.
    private static func fileName(for messageID: MessageID) -> String {
        FileName.component(messageID.value) + ".eml"
    }

    /// A full disk or an I/O error may pass; anything else (permissions, a file where the directory
    /// should be, a read-only mount) needs an operator.
    private static func isTransient(_ error: POSIXErrorCode) -> Bool {
        [.ENOSPC, .EDQUOT, .EIO, .EINTR].contains(error)
    }

    /// `mkdir -p`, keeping `errno`: Foundation's message for a failed create hides the reason.
    private static func createDirectories(_ path: String) throws(POSIXError) {
        var partial = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            partial += "/\(component)"
            if mkdir(partial, 0o755) != 0, errno != EEXIST { throw lastError }
        }
    }

    private static func writeDurably(_ bytes: [UInt8], to path: String) throws(POSIXError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        try check(descriptor)
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if count < 0, errno == EINTR { continue }
            try check(Int32(clamping: count))
            written += count
        }
        try check(fsync(descriptor))
    }

    /// Makes the rename itself survive a power cut.
    private static func syncDirectory(_ path: String) throws(POSIXError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        try check(descriptor)
        defer { close(descriptor) }
        try check(fsync(descriptor))
    }

    private static func check(_ result: Int32) throws(POSIXError) {
        guard result >= 0 else { throw lastError }
    }

    private static var lastError: POSIXError {
        POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
}
