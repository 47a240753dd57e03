import Foundation
import Hummingbird
public import Logging
public import Prometheus
public import QingshanStore
import ServiceLifecycle
import UnixSignals

/// The whole platform as one ServiceGroup, what `qingshan serve` runs: the store, and on it (once migrated and
/// loaded) the rollup worker, the HJ 212 gateway and the HTTP application. SIGTERM or SIGINT shuts them down in the
/// reverse order: HTTP stops accepting, the gateway answers every frame in flight after its commit, the rollup
/// worker finishes its last pass, and the store closes last.
public struct Platform: Sendable {
    public var config: AppConfig
    public var registry: PrometheusCollectorRegistry
    public var logger: Logger
    /// Told each listener's port once it listens (port 0 in the configuration picks a free one).
    public var onGatewayListening: (@Sendable (Int) async -> Void)?
    public var onListening: (@Sendable (Int) async -> Void)?
    /// Work run beside the platform once the HJ 212 gateway listens (`serve --demo`'s simulated loggers).
    public var companions: [Companion]

    /// Work beside the platform, given the opened store and the gateway's port. Its end or its error (logged)
    /// does not stop the platform; it is cancelled first at shutdown.
    public struct Companion: Sendable {
        public var name: String
        public var run: @Sendable (_ store: any PlatformStore, _ gatewayPort: Int) async throws -> Void

        public init(name: String, run: @escaping @Sendable (_ store: any PlatformStore, _ gatewayPort: Int) async throws -> Void) {
            self.name = name
            self.run = run
        }
    }

    public init(
        config: AppConfig, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), logger: Logger = Logger(label: "qingshan"),
        onGatewayListening: (@Sendable (Int) async -> Void)? = nil, onListening: (@Sendable (Int) async -> Void)? = nil,
        companions: [Companion] = []
    ) {
        self.config = config
        self.registry = registry
        self.logger = logger
        self.onGatewayListening = onGatewayListening
        self.onListening = onListening
        self.companions = companions
    }

    /// Opens the configured store and runs everything until a shutdown signal; throws what stopped it otherwise.
    public func run() async throws {
        let store = try await SQLStore.open(config.database, logger: Logger(label: "qingshan.store"))
        let gatewayPorts = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(1))
        var platform = self
        platform.onGatewayListening = { port in
            gatewayPorts.continuation.yield(port)
            await onGatewayListening?(port)
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: StoreService(store: store)),
            .init(service: ApplicationService(platform: platform, store: store)),
        ]
        if !companions.isEmpty {
            services.append(
                .init(
                    service: CompanionService(companions: companions, store: store, gatewayPorts: gatewayPorts.stream, logger: logger),
                    successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore))
        }
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// The store's background work (PostgreSQL's pool) for the platform's life; the store closes when it ends.
    struct StoreService: Service {
        let store: any PlatformStore

        func run() async {
            await cancelWhenGracefulShutdown { await store.run() }
            await store.close()
        }
    }

    /// Migrates and loads the store, then runs the rollup worker, the gateway and the HTTP server in the
    /// application's own group (which follows this group's graceful shutdown).
    struct ApplicationService: Service {
        let platform: Platform
        let store: any PlatformStore

        func run() async throws {
            let config = platform.config
            try await StoreBootstrap.prepare(store, config: config, logger: platform.logger)
            // No fixed default password anywhere: the first start makes one, shows it here once (standard output,
            // not the log) and asks for a new one at the first sign-in.
            if let password = try await UserAdministration(store: store, bcryptCost: config.auth.bcryptCost, actor: "system")
                .createFirstAdministrator()
            {
                FileHandle.standardOutput.write(
                    Data(
                        """
                        qingshan: 首次启动，已创建管理员账户 admin，一次性密码：\(password)
                        qingshan: first start: administrator 'admin' created with the one-time password above; sign in at /sign-in and change it

                        """.utf8))
            }
            let app = try await buildApplication(
                config: config, store: store, registry: platform.registry, logger: platform.logger, gateway: true,
                onGatewayListening: platform.onGatewayListening, onListening: platform.onListening)
            platform.logger.info(
                "starting", metadata: ["database": "\(config.database)", "data_directory": "\(config.dataDirectory)"])
            try await app.run()
        }
    }

    /// Runs the companions once the gateway listens, until they end or shutdown begins.
    struct CompanionService: Service {
        let companions: [Companion]
        let store: any PlatformStore
        let gatewayPorts: AsyncStream<Int>
        let logger: Logger

        func run() async {
            await cancelWhenGracefulShutdown {
                var ports = gatewayPorts.makeAsyncIterator()
                guard let port = await ports.next() else { return }
                await withTaskGroup(of: Void.self) { group in
                    for companion in companions {
                        group.addTask {
                            do {
                                try await companion.run(store, port)
                            } catch is CancellationError {
                            } catch {
                                logger.error("\(companion.name) stopped", metadata: ["error": "\(error)"])
                            }
                        }
                    }
                }
            }
        }
    }
}
