import Foundation
import RapportTestSupport

/// A received message as Python's email package reads it: an independent check that what
/// Rapport wrote decodes back to the original Unicode.
struct DecodedMessage: Decodable {
    struct Address: Decodable {
        var name: String
        var address: String
        var count: Int
    }

    var headerNames: [String]
    var rawHeaderLines: [String]
    var subject: String?
    var from: Address?
    var to: Address?
    var messageId: String?
    var date: String?
    var text: String?
    var html: String?
    var defects: [String]

    struct DecodeFailure: Error, CustomStringConvertible {
        var description: String
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/decode_message.py")

    init(raw: Data, scratch: URL) async throws {
        let file = scratch.appendingPathComponent("message-\(UUID().uuidString).eml")
        try raw.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = scratch.appendingPathComponent("decoded-\(UUID().uuidString).json")
        let errorLog = scratch.appendingPathComponent("decode-\(UUID().uuidString).stderr")
        for log in [output, errorLog] { try Data().write(to: log) }
        defer { for log in [output, errorLog] { try? FileManager.default.removeItem(at: log) } }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [Self.script.path, file.path]
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errorLog)
        guard try await process.runUntilExit() == 0 else {
            throw DecodeFailure(description: (try? String(contentsOf: errorLog, encoding: .utf8)) ?? "no output")
        }
        let data = try Data(contentsOf: output)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        self = try decoder.decode(DecodedMessage.self, from: data)
    }
}
