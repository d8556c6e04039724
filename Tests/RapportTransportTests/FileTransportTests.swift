import Foundation
import RapportCore
import RapportTransport
import Testing

@Suite("FileTransport")
struct FileTransportTests {
    let directory = FileManager.default.temporaryDirectory.appending(path: "rapport-files-\(UUID().uuidString)")

    @Test("writes the exact message bytes under the Message-ID, creating the directory")
    func writesMessage() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appending(path: "outbox/nested")
        let envelope = try TestEnvelopes.make(number: 1)

        let receipt = try await FileTransport(directory: target.path).deliver(envelope)

        let path = target.appending(path: "test-1.rapport@example.com.eml").path
        #expect(receipt.reply == "written \(path)")
        #expect(FileManager.default.contents(atPath: path).map(Array.init) == envelope.data)
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path) == ["test-1.rapport@example.com.eml"])
    }

    @Test("a Message-ID cannot name a file outside the directory")
    func unsafeMessageID() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        var envelope = try TestEnvelopes.make(number: 1)
        envelope.messageID = MessageID(rawValue: "../../etc/passwd <x>")

        let receipt = try await FileTransport(directory: directory.path).deliver(envelope)

        #expect(receipt.reply == "written \(directory.appending(path: "_.._.._etc_passwd__x_.eml").path)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["_.._.._etc_passwd__x_.eml"])
    }

    @Test("sending the same message again replaces its file")
    func resendReplaces() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let transport = FileTransport(directory: directory.path)
        var envelope = try TestEnvelopes.make(number: 1)
        _ = try await transport.deliver(envelope)
        envelope.data = Array("Subject: again\r\n\r\nsecond\r\n".utf8)

        _ = try await transport.deliver(envelope)

        let path = directory.appending(path: "test-1.rapport@example.com.eml").path
        #expect(FileManager.default.contents(atPath: path).map(Array.init) == envelope.data)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 1)
    }

    @Test("a directory that cannot be written is a configuration error")
    func unwritableDirectory() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        // A regular file where a directory should be stops even root.
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let blocker = directory.appending(path: "not-a-directory")
        try Data("x".utf8).write(to: blocker)

        let error = await #expect(throws: TransportError.self) {
            try await FileTransport(directory: blocker.appending(path: "outbox").path)
                .deliver(TestEnvelopes.make(number: 1))
        }
        #expect(error?.code == .configuration)
        #expect(error?.reply.contains(blocker.path) == true)
    }
}
