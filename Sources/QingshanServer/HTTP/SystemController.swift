import Foundation
import Hummingbird
import Logging
import NIOCore
import Prometheus
import QingshanCore
import QingshanStore

/// `/healthz` and `/metrics` (the registry's series, then one series per registered logger from the gateway).
struct SystemController<Context: RemoteAddressRequestContext & AccessRequestContext>: Sendable {
    let store: any PlatformStore
    let registry: PrometheusCollectorRegistry
    let devices: DeviceStatusBoard

    func addRoutes(to router: Router<Context>) {
        router.get("healthz", use: health)
        router.get("metrics", use: metrics)
        router.get("api/v1/openapi.json", use: openAPI)
    }

    /// The OpenAPI 3.1 document of `/api/v1` (a resource checked against the routes by `OpenAPITests`).
    @Sendable func openAPI(_ request: Request, context: Context) async throws -> Response {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url) else {
            throw ProblemDetails(
                status: .internalServerError, code: "openapi_missing", title: "内部错误 (internal error)",
                detail: "the OpenAPI document is missing from this build")
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Healthy when the database answers a query.
    @Sendable func health(_ request: Request, context: Context) async throws -> Response {
        do {
            _ = try await store.isEmpty()
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        } catch {
            context.logger.warning("health check failed", metadata: ["error": "\(error)"])
            throw ProblemDetails(
                status: .serviceUnavailable, code: "database_unavailable", title: "数据库不可用 (database unavailable)",
                detail: "the database did not answer")
        }
    }

    /// For scrapers on this machine, or holding a token that sees every site: the series name loggers, which
    /// are site codes of outlets the public may not see.
    @Sendable func metrics(_ request: Request, context: Context) async throws -> Response {
        guard Self.isLoopback(context.remoteAddress) || context.principal.seesEverything else {
            throw ProblemDetails(
                status: .forbidden, code: "metrics_forbidden", title: "禁止访问 (forbidden)",
                detail: "/metrics answers scrapers on this machine, or with a city or all-region reader token: send Authorization: Bearer TOKEN")
        }
        if let count = try? await store.observationCount() {
            registry.makeGauge(name: "qingshan_observations_stored", labels: [], help: "Observations held by the store").set(Double(count))
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        buffer += Array(devices.prometheusText().utf8)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
    }

    static func isLoopback(_ address: SocketAddress?) -> Bool {
        switch address {
        case .v4(let v4)?: return v4.host.hasPrefix("127.")
        case .v6(let v6)?: return v6.host == "::1" || v6.host.hasPrefix("::ffff:127.")
        case .unixDomainSocket?: return true
        default: return false
        }
    }
}
