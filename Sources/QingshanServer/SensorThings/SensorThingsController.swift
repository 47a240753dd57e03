import Foundation
import Hummingbird
import NIOFoundationEssentialsCompat
import QingshanCore
import QingshanStore
import SensorThings

/// OGC SensorThings API 1.1 at `/sta/v1.1`, read-only, over the registry and the store (see `SensorThingsModel`).
struct SensorThingsController<Context: AccessRequestContext & CostedRequestContext>: Sendable {
    let store: any PlatformStore
    let catalogue: ParameterCatalogue
    let registry: RegistrySnapshot
    let scans = ScanGate()
    let limits: RequestLimits
    let links: LinkBase

    init(
        store: any PlatformStore, registry: RegistrySnapshot, catalogue: ParameterCatalogue, limits: RequestLimits = RequestLimits(),
        links: LinkBase
    ) {
        self.store = store
        self.registry = registry
        self.catalogue = catalogue
        self.limits = limits
        self.links = links
    }

    /// `api.public_url` (or the address listened on) and `/sta/v1.1`: the base of every link, never the request's `Host`.
    var base: String { links.url + "/sta/v1.1" }

    func makeResolver(_ context: Context) -> SensorThingsResolver {
        SensorThingsResolver(
            store: store, catalogue: catalogue, now: Timestamp.now, snapshot: registry, principal: context.principal,
            budget: QueryBudget(maximumRows: limits.maximumRowsPerRequest, timeLimit: .seconds(limits.requestTimeLimitSeconds)),
            scans: scans)
    }

    static var conformance: [String] {
        [
            "http://www.opengis.net/spec/iot_sensing/1.1/req/datamodel",
            "http://www.opengis.net/spec/iot_sensing/1.1/req/resource-path/resource-path-to-entities",
            "http://www.opengis.net/spec/iot_sensing/1.1/req/request-data",
            "http://www.opengis.net/spec/iot_sensing/1.1/req/data-array/data-array",
            "http://www.opengis.net/spec/iot_sensing/1.1/req/create-update-delete/create-entity",
            "http://www.opengis.net/spec/iot_sensing/1.1/req/data-array/create-observations",
        ]
    }

    func addRoutes(to router: Router<Context>) {
        router.get("sta/v1.1", use: landing)
        router.get("sta/v1.1/**", use: resource)
        router.post("sta/v1.1/**", use: create)
    }

    /// Creates Observations (the only entities a client may create here: the registry is managed by the bureau).
    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        try context.principal.requireWriter()
        let full = request.uri.path
        guard let range = full.range(of: "/sta/v1.1/") else { throw ProblemDetails.notFound(code: "not_found", "no such resource") }
        let pathText = PercentDecoding.decode(full[range.upperBound...]) ?? String(full[range.upperBound...])
        var buffer = try await request.body.collect(upTo: limits.maximumBodyBytes)
        let body = buffer.readData(length: buffer.readableBytes) ?? Data()
        let writer = SensorThingsWriter(
            store: store, registry: registry, catalogue: catalogue, principal: context.principal,
            futureTime: FutureTimeLimit(seconds: limits.maximumFutureSeconds))
        do {
            if pathText == "CreateObservations" {
                let created = try await writer.createMany(body)
                try await context.audit(Auditor(store: store), "data.enter", target: "sta:CreateObservations", after: created.map(\.path))
                return Response(
                    status: .created, headers: [.contentType: "application/json; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(bytes: JSONValue.array(created.map { .string("\(base)/\($0.path)") }).bytes())))
            }
            let path = try ResourcePath.parse(pathText)
            let datastream: String?
            switch path.segments.map(\.name) {
            case ["Observations"] where path.segments[0].id == nil: datastream = nil
            case ["Datastreams", "Observations"] where path.segments[0].id != nil && path.segments[1].id == nil: datastream = path.segments[0].id
            default:
                throw ProblemDetails(
                    status: .methodNotAllowed, code: "create_not_offered", title: "不支持的操作 (not offered)",
                    detail:
                        "only Observations can be created here (POST /Observations, /Datastreams(id)/Observations or /CreateObservations); sites and parameters are managed in the registry"
                )
            }
            let (entity, _) = try await writer.create(body, datastream: datastream)
            let link = "\(base)/\(entity.path)"
            try await context.audit(
                Auditor(store: store), "data.enter", target: "sta:\(entity.path)", after: String(decoding: body.prefix(4_096), as: UTF8.self))
            let resolver = makeResolver(context)
            let json = try await resolver.render(entity, options: QueryOptions(), base: base, try await resolver.registry())
            return Response(
                status: .created, headers: [.contentType: "application/json; charset=utf-8", .location: link],
                body: .init(byteBuffer: ByteBuffer(bytes: json.bytes())))
        } catch let error as QueryError {
            throw ProblemDetails.badRequest(code: error.code == "invalid_query" ? "invalid_entity" : error.code, error.message)
        }
    }

    @Sendable func landing(_ request: Request, context: Context) async throws -> Response {
        let body = JSONValue.object([
            ("value", .array(EntitySet.allCases.map { .object([("name", .string($0.rawValue)), ("url", .string("\(base)/\($0.rawValue)"))]) })),
            ("serverSettings", .object([("conformance", .array(Self.conformance.map(JSONValue.string)))])),
        ])
        return Self.json(body)
    }

    @Sendable func resource(_ request: Request, context: Context) async throws -> Response {
        let full = request.uri.path
        guard let range = full.range(of: "/sta/v1.1/") else { throw ProblemDetails.notFound(code: "not_found", "no such resource") }
        let pathText = PercentDecoding.decode(full[range.upperBound...]) ?? String(full[range.upperBound...])
        let options: QueryOptions
        let path: ResourcePath
        do {
            path = try ResourcePath.parse(pathText)
            options = try QueryOptions(Self.queryPairs(request.uri.query), maximumTop: SensorThingsResolver.maximumTop)
        } catch {
            throw ProblemDetails.badRequest(code: error.code, error.message)
        }
        let resolver = makeResolver(context)
        defer { context.cost.charge(rows: resolver.budget.rows + resolver.budget.examined) }
        do {
            let answer = try await resolver.resolve(path, options: options, base: base, query: request.uri.query)
            switch answer {
            case .json(let value): return Self.json(value)
            case .text(let text):
                return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
            }
        } catch let error as QueryError {
            switch error.code {
            case "query_timeout":
                throw ProblemDetails(status: .serviceUnavailable, code: error.code, title: "查询超时 (query timed out)", detail: error.message)
            case "server_busy":
                var problem = ProblemDetails(status: .serviceUnavailable, code: error.code, title: "服务器繁忙 (server busy)", detail: error.message)
                problem.retryAfter = 5
                throw problem
            default:
                throw ProblemDetails.badRequest(code: error.code, error.message)
            }
        } catch let error as SensorThingsResolver.NotFound {
            throw ProblemDetails.notFound(code: "entity_not_found", error.message)
        }
    }

    /// The query string's options, decoded as forms are (`+` is a space; clients such as frost-sta-client send it).
    static func queryPairs(_ query: String?) throws(QueryError) -> [(name: String, value: String)] {
        var pairs: [(name: String, value: String)] = []
        for part in (query ?? "").split(separator: "&") where !part.isEmpty {
            let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) throws(QueryError) -> String {
                guard let decoded = PercentDecoding.decode(text, plusIsSpace: true) else {
                    throw QueryError("the query '\(part)' has a broken percent escape")
                }
                return decoded
            }
            pairs.append((try decode(halves[0]), halves.count > 1 ? try decode(halves[1]) : ""))
        }
        return pairs
    }

    static func json(_ value: JSONValue) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: value.bytes())))
    }
}
