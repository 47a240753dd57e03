import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore
import QingshanCore
import QingshanStore

/// The console's pages (总览, 站点, 评价, 设备, 一张图), rendered on the server from the templates in
/// `Resources/console`. They read through the same store and access rules as the API: an anonymous visitor sees
/// public sites only. Every page reads without JavaScript; the map alone needs it (Leaflet, served from
/// Debian's `libjs-leaflet`, never from the internet).
struct ConsoleController<Context: AccessRequestContext>: Sendable {
    let store: any PlatformStore
    let registry: RegistrySnapshot
    let catalogue: ParameterCatalogue
    let gateway: GatewayState
    let templates: ConsoleTemplates
    /// Where loggers connect: the first-run page says so.
    let hj212Address: HostAndPort
    /// Wakes the webhook sender after an alarm action taken on the console.
    let outbox: OutboxSignal
    /// The city's plan, for 规划指标.
    let plan: PlanBook

    func addRoutes(to router: Router<Context>) {
        router.get("/", use: overview)
        router.get("sites/:code", use: site)
        router.get("alarms", use: alarms)
        router.get("alarms/:id", use: alarm)
        router.post("alarms/:id/:action", use: alarmAction)
        router.get("devices", use: devices)
        router.get("evaluation", use: evaluation)
        router.get("plan", use: planPage)
        router.post("plan/entries", use: planEntry)
        router.post("plan/target-results", use: planTargetResult)
        router.get("open-data", use: openData)
        router.get("events/overview", use: overviewEvents)
        router.get("events/alarms", use: alarmEvents)
        router.get("map", use: map)
        router.get("map/data.json", use: mapData)
        router.get("assets/:file", use: asset)
        router.get("assets/leaflet/:file", use: leaflet)
        router.get("assets/leaflet/images/:file", use: leafletImage)
    }

    // MARK: Pages

    /// The AQI now of the city's own air stations (in the registry's regions); when none of them has data, of its
    /// demo stations; when none of those either, of the first `fallbackStations` other air stations by code (a
    /// national release file brings 1,500 stations, each a read per parameter, that the overview has no room for).
    func latestAQI(_ contents: RegistrySnapshot.Contents) async throws -> [AQIController<AppRequestContext>.LatestAQIDTO.Entry] {
        let controller = AQIController<AppRequestContext>(store: store, registry: registry)
        let air = contents.sites.values.filter { $0.kind == .air }
        // Demo stations count only while no real one has data: simulated values never enter a real city figure.
        for demo in [false, true] {
            let local = Set(air.filter { $0.regionCode != nil && ($0.origin == .demo) == demo }.map(\.code))
            let entries = local.isEmpty ? [] : try await controller.latestEntries(among: local)
            if entries.contains(where: { $0.kind == "site" }) { return entries }
        }
        let others = air.filter { $0.regionCode == nil }.map(\.code).sorted().prefix(Self.fallbackStations)
        return others.isEmpty ? [] : try await controller.latestEntries(among: Set(others))
    }

    static var fallbackStations: Int { 50 }

    @Sendable func overview(_ request: Request, context: Context) async throws -> Response {
        let principal = context.principal
        let contents = try await registry.current()
        let entries = try await latestAQI(contents)
        let stations = entries.filter { $0.kind == "site" && contents.sites[$0.code].map(principal.canRead) == true }
        let elsewhere = contents.sites.values.filter { $0.kind == .air && $0.regionCode == nil }.count
        let cities = entries.filter { $0.kind == "city" }
        let live = gateway.status.all()
        let visibleDevices = contents.devices.filter { contents.sites[$0.siteCode].map(principal.canRead) ?? principal.seesEverything }
        let online = visibleDevices.filter { device in live.contains { $0.mn == device.mn && $0.online } }.count
        let empty = try await !store.hasObservations()
        let demo = contents.sites.values.filter { $0.origin == .demo && principal.canRead($0) }.count
        // The plan's air indicators, year to date, for the city (its stations' daily means, HJ 663).
        var plan: ConsoleViews.PlanProgress?
        var water: ConsoleViews.WaterSummary?
        if let city = contents.regions.first(where: { $0.level == .city }), let time = cities.first.flatMap({ try? RFC3339.parse($0.aqi.time) }) {
            let newest = CivilDateTime(time)
            let report = try? await AirEvaluationReport.make(
                store: store, scope: .region(city.code), first: CivilDateTime(year: newest.year, month: 1, day: 1),
                last: CivilDateTime(year: newest.year, month: newest.month, day: newest.day))
            plan = report.map { ConsoleViews.PlanProgress(AirEvaluationDTO($0)) }
            let sections = try? await WaterEvaluationReport.make(
                store: store, scope: .region(city.code), first: CivilDateTime(year: newest.year, month: 1, day: 1),
                last: CivilDateTime(year: newest.year, month: newest.month, day: newest.day))
            water = sections.flatMap { ConsoleViews.WaterSummary(WaterEvaluationDTO($0)) }
        }
        let page = ConsoleViews.Overview(
            title: "总览", nav: ConsoleViews.navigation(current: "/"), plan: plan, water: water,
            city: cities.first.map(ConsoleViews.AQICard.init),
            stations: stations.map(ConsoleViews.AQICard.init), hasStations: !stations.isEmpty,
            devicesOnline: online, devicesOffline: visibleDevices.count - online, devicesTotal: visibleDevices.count,
            firstRun: empty ? ConsoleViews.FirstRun(host: hj212Address.host, port: hj212Address.port) : nil,
            otherStations: stations.contains(where: { contents.sites[$0.code]?.regionCode != nil })
                ? (elsewhere > 0 ? elsewhere : nil) : (elsewhere > stations.count ? elsewhere - stations.count : nil),
            demoSites: demo > 0 ? demo : nil)
        return try templates.page("overview", page, for: request, context: context)
    }

    @Sendable func devices(_ request: Request, context: Context) async throws -> Response {
        let principal = context.principal
        let contents = try await registry.current()
        let live = Dictionary(gateway.status.all().map { ($0.mn, $0) }, uniquingKeysWith: { $1 })
        let rows = contents.devices
            .filter { contents.sites[$0.siteCode].map(principal.canRead) ?? principal.seesEverything }
            .sorted { $0.mn < $1.mn }
            .map { ConsoleViews.DeviceRow($0, site: contents.sites[$0.siteCode], seen: live[$0.mn]) }
        let page = ConsoleViews.DevicesPage(
            title: "设备", nav: ConsoleViews.navigation(current: "/devices"), devices: rows, hasDevices: !rows.isEmpty,
            online: rows.filter(\.online).count,
            total: rows.count)
        return try templates.page("devices", page, for: request, context: context)
    }

    /// 开放数据: what the public may download and how, with the API document's operations listed readably.
    @Sendable func openData(_ request: Request, context: Context) async throws -> Response {
        let page = ConsoleViews.OpenDataPage(
            title: "开放数据", nav: ConsoleViews.navigation(current: "/open-data"),
            operations: templates.openAPI.operations.map {
                ConsoleViews.OperationRow(method: $0.method, path: $0.path, summary: $0.summary, open: $0.open)
            })
        return try templates.page("open-data", page, for: request, context: context)
    }

    @Sendable func map(_ request: Request, context: Context) async throws -> Response {
        let page = ConsoleViews.MapPage(
            title: "一张图", nav: ConsoleViews.navigation(current: "/map"), leafletMissing: !LeafletAssets.isInstalled,
            leafletPackage: LeafletAssets.package)
        return try templates.page("map", page, for: request, context: context)
    }

    /// The map's layers as one GeoJSON FeatureCollection: district boundaries, then the sites this visitor may
    /// see, each with its state: air stations in their AQI level's colour, water sections by their class this
    /// year against their target, loggers online or not.
    @Sendable func mapData(_ request: Request, context: Context) async throws -> Response {
        let principal = context.principal
        let contents = try await registry.current()
        // Only sites with a place on the map need their AQI.
        let placed = Set(contents.sites.values.filter { $0.kind == .air && $0.location != nil && principal.canRead($0) }.map(\.code))
        let entries = try await AQIController<AppRequestContext>(store: store, registry: registry).latestEntries(among: placed)
        let aqi = Dictionary(entries.filter { $0.kind == "site" }.map { ($0.code, $0.aqi) }, uniquingKeysWith: { $1 })
        let live = gateway.status.all()
        // Water sections: their class this year to date against their target.
        var sections: [String: WaterEvaluationDTO.Section] = [:]
        if let city = contents.regions.first(where: { $0.level == .city }) {
            let newest = CivilDateTime(entries.compactMap { try? RFC3339.parse($0.aqi.time) }.max() ?? .now)
            let report = try? await WaterEvaluationReport.make(
                store: store, scope: .region(city.code), first: CivilDateTime(year: newest.year, month: 1, day: 1),
                last: CivilDateTime(year: newest.year, month: newest.month, day: newest.day))
            for section in report.map({ WaterEvaluationDTO($0).sections }) ?? [] { sections[section.code] = section }
        }
        var features: [String] = []
        for region in contents.regions where region.level == .district {
            guard let boundary = region.boundaryGeoJSON else { continue }
            features.append(
                #"{"type":"Feature","geometry":\#(boundary),"properties":{"layer":"region","code":\#(JSONBytes.string(region.code)),"name":\#(JSONBytes.string(region.nameZh))}}"#
            )
        }
        for code in contents.siteCodes {
            guard let site = contents.sites[code], principal.canRead(site), let location = site.location else { continue }
            let item = aqi[code]
            let devices = contents.devices.filter { $0.siteCode == code }
            let online = devices.contains { device in live.contains { $0.mn == device.mn && $0.online } }
            var properties =
                #""layer":"site","code":\#(JSONBytes.string(code)),"name":\#(JSONBytes.string(site.nameZh)),"kind":\#(JSONBytes.string(site.kind.rawValue)),"kindName":\#(JSONBytes.string(site.kind.nameZh))"#
            properties += #","demo":\#(site.origin == .demo),"loggers":\#(devices.count),"online":\#(online)"#
            if let value = item?.aqi { properties += #","aqi":\#(value)"# }
            if let category = item?.category { properties += #","category":\#(JSONBytes.string(category))"# }
            var colour = item?.colour ?? ConsoleViews.kindColour(site.kind)
            if let section = sections[code], let waterClass = section.waterClass {
                properties += #","waterClass":\#(JSONBytes.string(waterClass)),"target":\#(JSONBytes.string(section.target ?? "—"))"#
                if let attained = section.attained { colour = attained ? ConsoleViews.waterAttainedColour : ConsoleViews.waterMissedColour }
            }
            properties += #","colour":\#(JSONBytes.string(colour))"#
            features.append(
                #"{"type":"Feature","geometry":{"type":"Point","coordinates":[\#(JSONBytes.number(location.longitude)),\#(JSONBytes.number(location.latitude))]},"properties":{\#(properties)}}"#
            )
        }
        let body = #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",") + "]}"
        return Response(
            status: .ok, headers: [.contentType: "application/geo+json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    // MARK: Files

    @Sendable func asset(_ request: Request, context: Context) async throws -> Response {
        let name = try context.parameters.require("file")
        guard let file = templates.assets[name] else { throw ProblemDetails.notFound(code: "not_found", "no asset '\(name)'") }
        return Response(
            status: .ok, headers: [.contentType: file.contentType, .cacheControl: "max-age=300"],
            body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }

    @Sendable func leaflet(_ request: Request, context: Context) async throws -> Response {
        try LeafletAssets.response(for: try context.parameters.require("file"))
    }

    @Sendable func leafletImage(_ request: Request, context: Context) async throws -> Response {
        try LeafletAssets.response(for: "images/" + (try context.parameters.require("file")))
    }
}
