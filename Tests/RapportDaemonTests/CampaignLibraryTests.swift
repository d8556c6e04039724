import Foundation
import Logging
import RapportConfig
import RapportCore
import RapportDaemon
import Testing

@Suite struct CampaignLibraryTests {
    let good =
        "id: welcome\ntrigger: { kind: welcome, since: 2026-01-01 }\nmessage: { subject: \"Chào {{first_name}}\", text: Hi }\n"

    @Test func brokenEditKeepsTheLastGoodVersionRunning() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rapport-library-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("welcome.yml")
        try good.write(to: file, atomically: true, encoding: .utf8)
        let library = CampaignLibrary(directory: folder.path, transports: ["default": .file(directory: "outbox")])
        let logger = Logger(label: "test")

        #expect(await library.reload(logger: logger).map(\.id) == ["welcome"])
        try "id: welcome\ntrigger: [\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(await library.reload(logger: logger).map(\.id) == ["welcome"])
        #expect(await library.reload(logger: logger).map(\.id) == ["welcome"])

        try good.replacingOccurrences(of: "id: welcome", with: "id: welcome-v2")
            .write(to: file, atomically: true, encoding: .utf8)
        #expect(await library.reload(logger: logger).map(\.id) == ["welcome-v2"])

        try FileManager.default.removeItem(at: file)
        #expect(await library.reload(logger: logger).isEmpty)
    }

    @Test func aFileThatNeverLoadedRunsNothing() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rapport-library-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "id: x\n".write(to: folder.appendingPathComponent("x.yml"), atomically: true, encoding: .utf8)
        let library = CampaignLibrary(directory: folder.path, transports: ["default": .file(directory: "outbox")])
        #expect(await library.reload(logger: Logger(label: "test")).isEmpty)
    }
}
