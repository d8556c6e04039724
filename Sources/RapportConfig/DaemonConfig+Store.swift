import Foundation
import RapportCore

extension DaemonConfig {
    static let storeKeys: Set<String> = ["sqlite", "postgres", "password_file", "ca_file", "connections"]

    /// `store: { sqlite: path }`, or `store: { postgres: postgres://user@host/db?sslmode=require,
    /// password_file: …, ca_file: …, connections: 8 }`.
    static func storeLocation(_ node: YAMLNode, resolver: PathResolver) throws(ConfigError) -> StoreLocation {
        let keys = try node.mapping(allowedKeys: storeKeys)
        switch (keys["sqlite"], keys["postgres"]) {
        case (let sqlite?, nil):
            if let extra = ["password_file", "ca_file", "connections"].first(where: { keys[$0] != nil }) {
                throw keys[extra]!.error("'\(extra)' is for a postgres store; an SQLite file needs only its path")
            }
            return .sqlite(path: resolver.path(try sqlite.nonEmptyString()))
        case (nil, let urlNode?):
            var place: PostgresLocation
            switch PostgresLocation.parse(try urlNode.nonEmptyString()) {
            case .success(let parsed): place = parsed
            case .failure(let error): throw urlNode.error("postgres: the URL \(error)")
            }
            guard place.password == nil else {
                throw urlNode.error(
                    "the URL must not hold the password, which would reach logs; write it to a file named by password_file:"
                )
            }
            if place.tls == .disable, !LoopbackHost.contains(place.host) {
                throw urlNode.error(
                    "sslmode=disable sends customers' data and the password in plain text across the network; it is for a server on this machine (127.0.0.1, ::1, localhost) only — use sslmode=require"
                )
            }
            if let passwordNode = keys["password_file"] {
                let text = String(decoding: try resolver.secret(passwordNode, "password file"), as: UTF8.self)
                    .trimmingCharacters(in: .newlines)
                guard !text.isEmpty else {
                    throw passwordNode.error(
                        "the password file \(resolver.secretPath(try passwordNode.nonEmptyString())) is empty; write the database password into it"
                    )
                }
                place.password = text
            }
            place.caFile = try keys["ca_file"].map { node throws(ConfigError) in resolver.path(try node.string()) }
            if let connections = keys["connections"] {
                guard let count = Int(try connections.nonEmptyString()), (1...256).contains(count) else {
                    throw connections.error("connections: give a number from 1 to 256 (default 8)")
                }
                place.connections = count
            }
            return .postgres(place)
        case (nil, nil):
            throw node.error(
                "name the store: sqlite: /var/lib/rapport/rapport.sqlite, or postgres: postgres://rapport@db.example/rapport"
            )
        case (_?, _?):
            throw node.error("give either sqlite: or postgres:, not both")
        }
    }
}
