import Hummingbird
import NIOCore
import Prometheus
import QingshanStore

/// `/healthz` and `/metrics` (the registry's series, then one series per logger from the gateway).
struct SystemController<Context: RequestContext>: Sendable {
    let store: SQLStore
    let registry: PrometheusCollectorRegistry
    let devices: DeviceStatusBoard

    func addRoutes(to router: Router<Context>) {
        router.get("healthz", use: health)
        router.get("metrics", use: metrics)
    }

    /// Healthy when the database answers a query.
    @Sendable func health(_ request: Request, context: Context) async throws -> Response {
        do {
            _ = try await store.isEmpty()
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        } catch {
            context.logger.warning("health check failed", metadata: ["error": "\(error)"])
            throw ProblemDetails(status: .serviceUnavailable, code: "database_unavailable", title: "数据库不可用 (database unavailable)",
                                 detail: "the database did not answer")
        }
    }

    @Sendable func metrics(_ request: Request, context: Context) async throws -> Response {
        if let count = try? await store.observationCount() {
            registry.makeGauge(name: "qingshan_observations_stored", labels: [], help: "Observations held by the store").set(Double(count))
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        buffer += Array(devices.prometheusText().utf8)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
    }
}
