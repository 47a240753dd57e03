import Foundation
import Hummingbird
import QingshanCore
import QingshanStore
import SensorThings

/// OGC SensorThings API 1.1 at `/sta/v1.1`, read-only, over the registry and the store (see `SensorThingsModel`).
struct SensorThingsController<Context: RequestContext>: Sendable {
    let store: SQLStore
    let catalogue: ParameterCatalogue

    static var conformance: [String] {
        [
            "http://www.opengis.net/spec/iot_sensing/1.1/req/datamodel",
            "http://www.opengis.net/spec/iot_sensing/1.1/req/resource-path/resource-path-to-entities",
            "http://www.opengis.net/spec/iot_sensing/1.1/req/request-data",
            "http://www.opengis.net/spec/iot_sensing/1.1/req/data-array/data-array",
        ]
    }

    func addRoutes(to router: Router<Context>) {
        router.get("sta/v1.1", use: landing)
        router.get("sta/v1.1/**", use: resource)
    }

    static func base(_ request: Request) -> String {
        let host = request.head.authority ?? "localhost"
        return "http://\(host)/sta/v1.1"
    }

    @Sendable func landing(_ request: Request, context: Context) async throws -> Response {
        let base = Self.base(request)
        let body = JSONValue.object([
            ("value", .array(EntitySet.allCases.map { .object([("name", .string($0.rawValue)), ("url", .string("\(base)/\($0.rawValue)"))]) })),
            ("serverSettings", .object([("conformance", .array(Self.conformance.map(JSONValue.string)))])),
        ])
        return Self.json(body)
    }

    @Sendable func resource(_ request: Request, context: Context) async throws -> Response {
        let full = request.uri.path
        guard let range = full.range(of: "/sta/v1.1/") else { throw ProblemDetails.notFound(code: "not_found", "no such resource") }
        let pathText = String(full[range.upperBound...]).removingPercentEncoding ?? String(full[range.upperBound...])
        let options: QueryOptions
        let path: ResourcePath
        do {
            path = try ResourcePath.parse(pathText)
            let pairs = request.uri.queryParameters.map { (name: String($0.key), value: String($0.value)) }
            options = try QueryOptions(pairs, maximumTop: SensorThingsResolver.maximumTop)
        } catch {
            throw ProblemDetails.badRequest(code: "invalid_query", error.message)
        }
        let resolver = SensorThingsResolver(store: store, catalogue: catalogue, now: Timestamp.now)
        do {
            let answer = try await resolver.resolve(path, options: options, base: Self.base(request), query: request.uri.query)
            switch answer {
            case .json(let value): return Self.json(value)
            case .text(let text): return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
            }
        } catch let error as QueryError {
            throw ProblemDetails.badRequest(code: "invalid_query", error.message)
        } catch let error as SensorThingsResolver.NotFound {
            throw ProblemDetails.notFound(code: "entity_not_found", error.message)
        }
    }

    static func json(_ value: JSONValue) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: value.serialized())))
    }
}
