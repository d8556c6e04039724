import Foundation
public import Hummingbird
import HummingbirdCore
public import Logging
import NIOCore
public import RapportCore
public import RapportStore
public import ServiceLifecycle

/// The daemon's one HTTP port: the ingest API, survey answers, unsubscribe pages, open and click
/// tracking, health and metrics. A `Service` beside the scheduler and the delivery workers; SIGTERM stops it with them.
public struct HTTPService: Service {
    public var settings: HTTPSettings
    public var store: Store
    /// Survey and unsubscribe links need the signing key; without `links:` those routes are absent.
    public var links: LinkSettings?
    public var metrics: DaemonMetrics
    public var heartbeat: TickHeartbeat
    public var wallClock: any WallClock
    public var logger: Logger
    /// Called with the port bound, once the server accepts connections.
    public var onListening: @Sendable (Int) async -> Void

    public init(
        settings: HTTPSettings, store: Store, links: LinkSettings?, metrics: DaemonMetrics, heartbeat: TickHeartbeat,
        wallClock: any WallClock, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.settings = settings
        self.store = store
        self.links = links
        self.metrics = metrics
        self.heartbeat = heartbeat
        self.wallClock = wallClock
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        // `run()`, not `runService()`: that one traps SIGTERM itself and would stop the server at
        // once, ahead of the daemon's group, which stops it last (after the workers) and takes a
        // service that ends before its turn for a failure (exit 1).
        do {
            try await application().run()
        } catch let error as IOError {
            throw CannotListen(
                host: settings.host, port: settings.port, reason: String(cString: strerror(error.errnoCode)))
        }
    }

    /// The port cannot be bound: another process holds it, the address is not this machine's, or
    /// a port below 1024 needs privileges. The daemon stops before anything is sent.
    public struct CannotListen: Error, CustomStringConvertible {
        public var host: String
        public var port: Int
        public var reason: String

        public var description: String {
            let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
            return
                "cannot listen on \(address): \(reason); stop what holds it (ss -ltnp 'sport = :\(port)') or change server.listen in the config"
        }
    }

    /// The server, not yet running: tests run it on a random port.
    public func application() -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        IngestRoutes(
            queue: IngestQueue(store: store), settings: settings, metrics: metrics, wallClock: wallClock,
            logger: logger
        ).register(on: router)
        ErasureRoutes(store: store, settings: settings, wallClock: wallClock, logger: logger).register(on: router)
        if let links {
            SurveyRoutes(store: store, links: links, wallClock: wallClock, logger: logger).register(on: router)
            UnsubscribeRoutes(store: store, links: links, wallClock: wallClock, logger: logger).register(on: router)
            TrackingRoutes(store: store, links: links, wallClock: wallClock, logger: logger).register(on: router)
        }
        OperationsRoutes(
            store: store, metrics: metrics, heartbeat: heartbeat, wallClock: wallClock, startedAt: wallClock.now
        ).register(on: router)
        let logger = logger
        let onListening = onListening
        let connections = settings.connections
        return Application(
            router: router,
            server: .http1(
                configuration: .init(idleTimeout: .seconds(connections.idleTimeout.seconds))),
            configuration: ApplicationConfiguration(
                address: .hostname(settings.host, port: settings.port), serverName: "rapport",
                // A burst of connections waits in the kernel's queue rather than losing SYNs to a
                // full one and retrying a second or three later.
                backlog: 1024, availableConnectionsDelegate: MaximumAvailableConnections(connections.maximum)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info(
                    "HTTP service listening", metadata: ["address": "\(channel.localAddress?.description ?? "?")"])
                await onListening(port)
            },
            logger: logger)
    }
}
