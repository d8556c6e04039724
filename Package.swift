// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Rapport",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "rapport", targets: ["rapport"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Pure domain: rules, calendar math, rendering, MIME. No files, sockets or wall clock.
        .target(
            name: "RapportCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // Customer store and delivery ledger: SQLite (embedded default) or PostgreSQL.
        .target(
            name: "RapportStore",
            dependencies: [
                "RapportCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // SMTP and file transports.
        .target(
            name: "RapportTransport",
            dependencies: [
                "CCurl",
                "RapportCore",
            ]
        ),
        // Daemon config and campaign files: YAML on disk into validated core values.
        .target(
            name: "RapportConfig",
            dependencies: [
                "RapportCore",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The HTTP service: ingest API, NPS answers, unsubscribe pages, health and metrics.
        .target(
            name: "RapportServer",
            dependencies: [
                "RapportCore",
                "RapportStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The scheduler, the delivery workers and the HTTP service, wired as services.
        .target(
            name: "RapportDaemon",
            dependencies: [
                "RapportConfig",
                "RapportCore",
                "RapportServer",
                "RapportStore",
                "RapportTransport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "rapport",
            dependencies: [
                "RapportConfig",
                "RapportCore",
                "RapportDaemon",
                "RapportServer",
                "RapportStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "RapportCoreTests", dependencies: ["RapportCore", "RapportTestSupport"]),
        .testTarget(
            name: "RapportStoreTests",
            dependencies: [
                "RapportCore", "RapportStore", "RapportTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(name: "RapportConfigTests", dependencies: ["RapportConfig", "RapportCore"]),
        .testTarget(
            name: "RapportDaemonTests",
            dependencies: [
                "RapportConfig", "RapportCore", "RapportDaemon", "RapportStore", "RapportTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .testTarget(
            name: "RapportServerTests",
            dependencies: [
                "RapportCore", "RapportServer", "RapportStore", "RapportTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        .testTarget(
            name: "RapportTransportTests", dependencies: ["RapportCore", "RapportTestSupport", "RapportTransport"]),
        // Real SMTP server and the built `rapport` binary: filter with `swift test --filter RapportIntegrationTests`.
        .testTarget(
            name: "RapportIntegrationTests",
            dependencies: [
                "rapport", "RapportCore", "RapportStore", "RapportTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Fixtures"]),
        // Real servers the tests talk to (an aiosmtpd SMTP server on loopback) and a seeded generator; never shipped.
        .target(
            name: "RapportTestSupport", dependencies: ["RapportCore"], path: "Tests/RapportTestSupport",
            exclude: ["Fixtures"]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
            .enableUpcomingFeature("InternalImportsByDefault"),
        ]
}
