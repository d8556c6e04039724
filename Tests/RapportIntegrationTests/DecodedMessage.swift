import Foundation

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

    init(raw: Data, scratch: URL) throws {
        let file = scratch.appendingPathComponent("message-\(UUID().uuidString).eml")
        try raw.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [Self.script.path, file.path]
        let output = Pipe()
        let errorLog = scratch.appendingPathComponent("decode-\(UUID().uuidString).stderr")
        try Data().write(to: errorLog)
        defer { try? FileManager.default.removeItem(at: errorLog) }
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorLog)
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DecodeFailure(description: (try? String(contentsOf: errorLog, encoding: .utf8)) ?? "no output")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        self = try decoder.decode(DecodedMessage.self, from: data)
    }
}
