public import Hummingbird
import HummingbirdTLS
public import Logging
public import Prometheus
import QingshanCore
public import QingshanStore
import ServiceLifecycle

/// The HTTP application on an opened store. `serve` runs it; tests drive it with `app.test(.router)`.
///
/// The caller owns the store: it keeps `store.run()` going around the application's run and closes the
/// store afterwards (PostgreSQL's pool can be run only once, and migrations need it before the app starts).
///
/// With `gateway`, the HJ 212 listener runs in the same ServiceGroup (what `serve` does); tests of the HTTP
/// side leave it out.
public func buildApplication(
    config: AppConfig, store: any PlatformStore, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    logger: Logger = Logger(label: "qingshan"), gateway: Bool = false,
    onGatewayListening: (@Sendable (Int) async -> Void)? = nil, onListening: (@Sendable (Int) async -> Void)? = nil,
    onRollupPass: (@Sendable (Int) async -> Void)? = nil
) async throws -> some ApplicationProtocol {
    var catalogue = ParameterCatalogue.standard
    for parameter in try await store.parameters() { catalogue.add(parameter) }
    registry.makeGauge(name: "qingshan_build_info", labels: [("version", QingshanVersion.current)], help: "Qingshan build").set(Int64(1))
    let status = DeviceStatusBoard()
    let devices = DeviceDirectory(store: store)
    let commands = HJ212CommandCenter()
    let outbox = OutboxSignal()
    var services: [any Service] = [RollupWorker(store: store, logger: Logger(label: "qingshan.rollup"), onPass: onRollupPass)]
    if let interval = config.alarmPassInterval {
        services.append(
            AlarmEngine(
                store: store, catalogue: catalogue, rules: config.alarmRules, logger: Logger(label: "qingshan.alarms"),
                loggers: {
                    let sites = Dictionary(try await store.devices().map { ($0.mn, $0.siteCode) }, uniquingKeysWith: { first, _ in first })
                    return status.all().compactMap { seen in
                        guard let site = sites[seen.mn], let last = seen.lastSeenMilliseconds else { return nil }
                        return AlarmEngine.LoggerSeen(mn: seen.mn, siteCode: site, lastSeen: Timestamp(millisecondsSinceEpoch: last))
                    }
                }, signal: outbox, interval: interval))
    }
    if let webhook = config.webhook {
        services.append(WebhookSender(target: webhook, store: store, signal: outbox, logger: Logger(label: "qingshan.webhook")))
    }
    if gateway {
        let descriptors = DescriptorLimit.raiseToHardLimit()
        let cap = DescriptorLimit.gatewayCap(
            configured: config.hj212MaximumConnections, descriptors: descriptors, reserve: config.limits.hj212DescriptorReserve)
        if cap < config.hj212MaximumConnections {
            logger.warning(
                "HJ 212 connection cap lowered to fit the descriptor limit",
                metadata: [
                    "configured": "\(config.hj212MaximumConnections)", "cap": "\(cap)", "descriptor_limit": "\(descriptors)",
                    "reserve": "\(config.limits.hj212DescriptorReserve)",
                ])
        }
        let limits = HJ212Gateway.Limits(
            maximumConnections: cap, idleTimeout: .seconds(Int64(config.hj212IdleTimeoutSeconds)),
            maximumSegmentLength: config.hj212MaximumSegmentBytes,
            frameTimeout: .seconds(Int64(config.limits.hj212FrameTimeoutSeconds)),
            passwordFailures: config.limits.hj212PasswordFailures,
            passwordBackoff: .seconds(config.limits.hj212PasswordBackoffSeconds),
            futureTime: FutureTimeLimit(seconds: config.limits.maximumFutureSeconds),
            tls: try config.hj212TLS.map { try $0.serverContext(for: "hj212") })
        services.append(
            HJ212Gateway(
                address: config.hj212, limits: limits, store: store, devices: devices, catalogue: catalogue, status: status, commands: commands,
                logger: Logger(label: "qingshan.hj212"), onListening: onGatewayListening))
    }
    let links = LinkBase(publicURL: config.publicURL, listening: config.http)
    if !LeafletAssets.isInstalled { logger.error("\(LeafletAssets.missingMessage)") }
    let router = buildRouter(
        config: config, store: store, catalogue: catalogue, registry: registry,
        gateway: GatewayState(status: status, devices: devices, commands: commands), links: links, console: try await ConsoleTemplates.load(),
        outbox: outbox, accounts: try await AccountService(store: store, settings: config.auth.service), plan: try PlanBook.builtIn())
    return Application(
        responder: SecuredResponder(base: router.buildResponder()),
        server: try config.httpTLS.map {
            try .tls(GuardedHTTP1Channel.builder(config.limits), tlsConfiguration: try $0.serverConfiguration(for: "http"))
        }
            ?? GuardedHTTP1Channel.builder(config.limits),
        configuration: .init(address: .hostname(config.http.host, port: config.http.port), serverName: "Qingshan"),
        services: services,
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? config.http.port
            links.listening(host: config.http.host, port: port)
            logger.info("HTTP listening", metadata: ["address": "\(config.http.host):\(port)"])
            await onListening?(port)
        },
        logger: logger)
}

func buildRouter(
    config: AppConfig, store: any PlatformStore, catalogue: ParameterCatalogue, registry: PrometheusCollectorRegistry,
    gateway: GatewayState, links: LinkBase, console: ConsoleTemplates, outbox: OutboxSignal = OutboxSignal(), accounts: AccountService,
    plan: PlanBook
) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    let allowedMethods = AllowedMethods()
    router.add(middleware: SecurityHeadersMiddleware(corsOrigins: config.corsOrigins))
    router.add(middleware: ProblemMiddleware(allowedMethods: allowedMethods, maximumBodyBytes: config.limits.maximumBodyBytes))
    router.add(middleware: RequestLimitMiddleware(limits: config.limits))
    router.add(middleware: MetricsMiddleware())
    router.add(
        middleware: AccessMiddleware(authenticator: TokenAuthenticator(store: store, configuredToken: config.writeToken), accounts: accounts))
    if config.rateLimit > 0 || config.tokenRateLimit > 0 {
        func limiter(_ rate: Int) -> RateLimiter? { rate > 0 ? RateLimiter(rate: Double(rate), burst: Double(config.rateBurst)) : nil }
        router.add(middleware: RateLimitMiddleware(addresses: limiter(config.rateLimit), tokens: limiter(config.tokenRateLimit)))
    }
    SystemController(store: store, registry: registry, devices: gateway.status).addRoutes(to: router)
    let api = router.group("api/v1")
    let registry = RegistrySnapshot(store: store)
    SitesController(
        store: store, registry: registry, catalogue: catalogue, defaultPageSize: config.defaultPageSize, maximumPageSize: config.maximumPageSize
    ).addRoutes(to: api)
    ObservationWriteController(
        store: store, registry: registry, futureTime: FutureTimeLimit(seconds: config.limits.maximumFutureSeconds), catalogue: catalogue,
        maximumBodyBytes: config.limits.maximumBodyBytes
    ).addRoutes(to: api)
    DevicesController(store: store, gateway: gateway).addRoutes(to: api)
    AQIController(store: store, registry: registry).addRoutes(to: api)
    EvaluationController(store: store).addRoutes(to: api)
    AlarmsController(store: store, registry: registry, outbox: outbox).addRoutes(to: api)
    SensorThingsController(store: store, registry: registry, catalogue: catalogue, limits: config.limits, links: links).addRoutes(to: router)
    ConsoleController(
        store: store, registry: registry, catalogue: catalogue, gateway: gateway, templates: console, hj212Address: config.hj212,
        outbox: outbox, plan: plan
    )
    .addRoutes(to: router)
    AccountController(accounts: accounts, store: store, templates: console).addRoutes(to: router)
    AuditController(store: store).addRoutes(to: api)
    PlanController(store: store, book: plan).addRoutes(to: api)
    allowedMethods.register(router.routes.map { (path: $0.path.description, method: $0.method) })
    return router
}

public enum QingshanVersion {
    public static let current = "0.1.0"
}
