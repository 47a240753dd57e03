import Hummingbird
import NIOCore
import QingshanCore
import QingshanStore

/// `/api/v1/sites…`, `/api/v1/regions`, `/api/v1/parameters`: the registry and the stored series.
struct SitesController<Context: AccessRequestContext & CostedRequestContext>: Sendable {
    let store: any PlatformStore
    let registry: RegistrySnapshot
    let catalogue: ParameterCatalogue
    let defaultPageSize: Int
    let maximumPageSize: Int

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("regions", use: regions)
        group.get("parameters", use: parameters)
        group.get("sites", use: sites)
        group.get("sites/:code", use: site)
        group.get("sites/:code/observations", use: observations)
        group.get("sites/:code/latest", use: latest)
        group.get("sites/:code/rollups", use: rollups)
    }

    @Sendable func regions(_ request: Request, context: Context) async throws -> ItemsDTO<RegionDTO> {
        ItemsDTO(items: try await registry.current().regions.map(RegionDTO.init))
    }

    @Sendable func parameters(_ request: Request, context: Context) async throws -> ItemsDTO<Parameter> {
        ItemsDTO(items: catalogue.parameters)
    }

    /// Sites as JSON items, or with `format=geojson` as a GeoJSON FeatureCollection of those with a location.
    @Sendable func sites(_ request: Request, context: Context) async throws -> Response {
        var filter = SiteFilter()
        if let kind = request.uri.queryParameters["kind"] {
            guard let parsed = SiteKind(rawValue: String(kind)) else {
                throw ProblemDetails.badRequest(
                    code: "invalid_kind",
                    "kind '\(kind)' is not a site kind; use one of \(SiteKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.kind = parsed
        }
        if let region = request.uri.queryParameters["region"] { filter.regionCode = String(region) }
        let format = request.uri.queryParameters["format"].map(String.init) ?? "json"
        guard format == "json" || format == "geojson" else {
            throw ProblemDetails.badRequest(code: "invalid_format", "format '\(format)' must be json or geojson")
        }
        let sites = try await store.sites(filter).filter(context.principal.canRead).map(SiteDTO.init)
        guard format == "geojson" else { return try ItemsDTO(items: sites).response(from: request, context: context) }
        let features = sites.compactMap { site -> GeoJSONFeature? in
            guard let longitude = site.longitude, let latitude = site.latitude else { return nil }
            return GeoJSONFeature(geometry: .init(coordinates: [longitude, latitude]), properties: site)
        }
        var response = try GeoJSONFeatureCollection(features: features).response(from: request, context: context)
        response.headers[.contentType] = "application/geo+json"
        return response
    }

    @Sendable func site(_ request: Request, context: Context) async throws -> SiteDTO {
        SiteDTO(try await requireSite(context))
    }

    /// The catalogue's parameter named by `parameter=` (code or alias).
    func requireParameter(_ parameterText: Substring?) throws -> Parameter {
        guard let parameterText, !parameterText.isEmpty else {
            throw ProblemDetails.badRequest(code: "missing_parameter", "parameter is required, e.g. parameter=a34004 or parameter=pm25")
        }
        guard let parameter = catalogue.parameter(for: String(parameterText)) else {
            throw ProblemDetails.badRequest(
                code: "unknown_parameter", "parameter '\(parameterText)' is not in the catalogue; see /api/v1/parameters")
        }
        return parameter
    }

    struct RollupsDTO: ResponseEncodable, Sendable {
        struct Item: Encodable, Sendable {
            var time: String
            var value: Double?
            var valid: Bool
            var validCount: Int
            var expectedCount: Int
            var coverage: Double
        }
        var site: String
        var parameter: String
        var unit: String
        var period: String
        var items: [Item]
    }

    /// `/api/v1/sites/{code}/rollups?parameter=&period=hour|day|day_max8h|month|year&from=&to=&format=json|csv`: the
    /// stored rollups with their counts of valid and expected inputs (default: the last 31 days, 2 years of months,
    /// 10 years).
    @Sendable func rollups(_ request: Request, context: Context) async throws -> Response {
        let site = try await requireSite(context)
        let query = request.uri.queryParameters
        let parameter = try requireParameter(query["parameter"])
        let periodText = query["period"].map(String.init) ?? "day"
        guard let period = RollupPeriod(rawValue: periodText) else {
            throw ProblemDetails.badRequest(code: "invalid_period", "period '\(periodText)' must be hour, day, day_max8h, month or year")
        }
        let format = query["format"].map(String.init) ?? "json"
        guard format == "json" || format == "csv" else {
            throw ProblemDetails.badRequest(code: "invalid_format", "format '\(format)' must be json or csv")
        }
        let day = Timestamp.millisecondsPerDay
        // The default range, and the longest a request may ask for: a year and a bit of days, so a year's daily
        // chart is one request.
        let (span, maximum): (Int64, Int64) =
            switch period {
            case .hour: (31 * day, 124 * day)
            case .day, .dayMaximumEightHours: (31 * day, 400 * day)
            case .month: (731 * day, 4 * 731 * day)
            case .year: (3653 * day, 4 * 3653 * day)
            }
        let to = try QueryTime.parse(query["to"], name: "to") ?? Timestamp.now
        let from = try QueryTime.parse(query["from"], name: "from") ?? to.adding(milliseconds: -span)
        guard from < to, to.millisecondsSinceEpoch - from.millisecondsSinceEpoch <= maximum else {
            throw ProblemDetails.badRequest(
                code: "invalid_range", "from must be before to, and the range at most \(maximum / day) days for \(periodText)")
        }
        let rollups = try await store.rollups(siteCode: site.code, parameterCode: parameter.code, period: period, from: from, to: to)
        context.cost.charge(rows: rollups.count)
        if format == "csv" {
            var csv = "time,value,valid_count,expected_count,coverage\n"
            for rollup in rollups {
                csv += "\(RFC3339.format(rollup.periodStart)),\(rollup.value.map(JSONBytes.number) ?? ""),"
                csv += "\(rollup.validCount),\(rollup.expectedCount),\(JSONBytes.number((rollup.coverage * 10_000).rounded() / 10_000))\n"
            }
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: csv)))
        }
        return try RollupsDTO(
            site: site.code, parameter: parameter.code, unit: parameter.unit, period: period.rawValue,
            items: rollups.map {
                RollupsDTO.Item(
                    time: RFC3339.format($0.periodStart), value: $0.value, valid: $0.value != nil, validCount: $0.validCount,
                    expectedCount: $0.expectedCount, coverage: ($0.coverage * 10_000).rounded() / 10_000)
            }
        ).response(from: request, context: context)
    }

    @Sendable func observations(_ request: Request, context: Context) async throws -> Response {
        let site = try await requireSite(context)
        let query = request.uri.queryParameters
        let parameter = try requireParameter(query["parameter"])
        let intervalText = query["interval"].map(String.init) ?? "hour"
        guard let interval = ObservationInterval(rawValue: intervalText) else {
            throw ProblemDetails.badRequest(code: "invalid_interval", "interval '\(intervalText)' must be rtd, minute, hour or day")
        }
        let from = try QueryTime.parse(query["from"], name: "from")
        let to = try QueryTime.parse(query["to"], name: "to")
        if let from, let to, to < from {
            throw ProblemDetails.badRequest(code: "invalid_range", "to must not be before from")
        }
        let wantsCSV = query["format"] == "csv" || request.headers[.accept]?.contains("text/csv") == true
        if let format = query["format"], format != "csv", format != "json" {
            throw ProblemDetails.badRequest(code: "invalid_format", "format '\(format)' must be json or csv")
        }
        var observationQuery = ObservationQuery(
            siteCode: site.code, parameterCode: parameter.code, interval: interval, from: from, to: to)
        if wantsCSV {
            return Response(
                status: .ok, headers: [.contentType: "text/csv; charset=utf-8"],
                body: Self.csvBody(store: store, query: observationQuery, cost: context.cost))
        }
        let limitText = query["limit"]
        let limit = limitText.flatMap { Int($0) } ?? defaultPageSize
        guard limitText == nil || Int(limitText!) != nil, (1...maximumPageSize).contains(limit) else {
            throw ProblemDetails.badRequest(code: "invalid_limit", "limit must be a whole number from 1 to \(maximumPageSize)")
        }
        observationQuery.limit = limit
        if let cursor = query["cursor"], !cursor.isEmpty {
            guard let after = Int64(cursor) else {
                throw ProblemDetails.badRequest(
                    code: "invalid_cursor", "cursor '\(cursor)' was not issued by this server; use the next value of the previous page")
            }
            observationQuery.after = Timestamp(millisecondsSinceEpoch: after)
        }
        let page = try await store.observations(observationQuery)
        context.cost.charge(rows: page.items.count)
        var json = "{\"interval\":\(JSONBytes.string(interval.rawValue)),\"items\":["
        json.reserveCapacity(page.items.count * 60 + 200)
        for (index, item) in page.items.enumerated() {
            if index > 0 { json += "," }
            json += "{\"flag\":"
            json += JSONBytes.string(item.flag)
            json += ",\"time\":\""
            json += RFC3339.format(item.periodStart)
            json += "\",\"value\":"
            json += JSONBytes.number(item.value)
            json += "}"
        }
        json += "],\"next\":\(JSONBytes.string(page.nextAfter.map { String($0.millisecondsSinceEpoch) }))"
        json += ",\"parameter\":\(JSONBytes.string(parameter.code)),\"site\":\(JSONBytes.string(site.code))"
        json += ",\"unit\":\(JSONBytes.string(parameter.unit))}"
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
    }

    @Sendable func latest(_ request: Request, context: Context) async throws -> LatestDTO {
        let site = try await requireSite(context)
        let items = try await store.latest(siteCode: site.code).map { observation in
            let parameter = catalogue.parameter(for: observation.parameterCode)
            return LatestItemDTO(
                parameter: observation.parameterCode, name: parameter?.nameZh, unit: parameter?.unit,
                interval: observation.interval.rawValue, time: RFC3339.format(observation.periodStart),
                value: observation.value, flag: observation.flag)
        }
        return LatestDTO(site: site.code, items: items)
    }

    private func requireSite(_ context: Context) async throws -> Site {
        let code = try context.parameters.require("code")
        return try context.principal.requireRead(try await registry.site(code: code), code: code)
    }

    /// Rows read from the store and written out per step of a CSV export.
    static var csvChunk: Int { 5_000 }

    /// A whole series as CSV, read and sent a chunk at a time: memory stays at one chunk however long the
    /// series, and a client that stops reading stops the reads (the writer waits for the socket).
    static func csvBody(store: any PlatformStore, query: ObservationQuery, cost: RequestCost) -> ResponseBody {
        ResponseBody { writer in
            var query = query
            query.limit = csvChunk
            try await writer.write(ByteBuffer(string: "time,value,flag\n"))
            while true {
                let page = try await store.observations(query)
                cost.charge(rows: page.items.count)
                var csv = ""
                csv.reserveCapacity(page.items.count * 40)
                for item in page.items {
                    csv += RFC3339.format(item.periodStart)
                    csv += ","
                    csv += JSONBytes.number(item.value)
                    csv += ","
                    csv += item.flag
                    csv += "\n"
                }
                try await writer.write(ByteBuffer(string: csv))
                guard let next = page.nextAfter else { break }
                query.after = next
            }
            try await writer.finish(nil)
        }
    }
}
