import ArgumentParser
import Foundation
import RapportConfig
import RapportStore

struct ZNSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zns",
        abstract: "Zalo Notification Service: the app's tokens.",
        subcommands: [ZNSSetRefreshTokenCommand.self])
}

struct ZNSSetRefreshTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-refresh-token",
        abstract: "Give Rapport a Zalo refresh token, read from standard input.",
        discussion: """
            A zns transport renews its access token with a refresh token that Zalo accepts only once \
            and replaces with every renewal; Rapport keeps the current one in the store, shared by every \
            daemon on it. Give it the first one after authorising your app for the Official Account \
            (Zalo for Developers, "OA access token" tool, or your OAuth callback), or a new one if Zalo \
            refuses the stored one (the ledger then says: set a new refresh token). The token is read \
            from standard input so it stays out of the shell history and the process list, and is \
            never printed.

            Example:
              rapport zns set-refresh-token --transport zalo < refresh-token.txt
            What it prints:
              refresh token for Zalo app 1234567890 (transport zalo) stored; the next message renews the access token
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The zns transport in the config; needed only when it has several.")
    var transport: String?

    func run() async throws {
        let config = try global.loadConfig()
        let zalo = config.transports.compactMap { name, transport -> (String, ZNSConfig)? in
            guard case .zns(let zns) = transport else { return nil }
            return (name, zns)
        }.sorted { $0.0 < $1.0 }
        let chosen: (String, ZNSConfig)
        if let transport {
            guard let match = zalo.first(where: { $0.0 == transport }) else {
                throw ValidationError(
                    "'\(transport)' is not a zns transport in \(config.file); zns transports: \(zalo.map(\.0).joined(separator: ", "))"
                )
            }
            chosen = match
        } else {
            guard zalo.count == 1 else {
                throw ValidationError(
                    zalo.isEmpty
                        ? "\(config.file) has no zns transport (kind: zns)"
                        : "\(config.file) has several zns transports; name one with --transport (\(zalo.map(\.0).joined(separator: ", ")))"
                )
            }
            chosen = zalo[0]
        }
        let token = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty, !token.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 } == true })
        else {
            throw ValidationError("give the refresh token alone on standard input, e.g. < refresh-token.txt")
        }
        let store = try Store(config.store)
        try store.setZNSRefreshToken(appID: chosen.1.appID, token, at: Date())
        print(
            "refresh token for Zalo app \(chosen.1.appID) (transport \(chosen.0)) stored; the next message renews the access token"
        )
    }
}
